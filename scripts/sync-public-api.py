#!/usr/bin/env python3
"""Brings each package's PublicAPI.Unshipped.txt in line with its public surface, for review in the diff.

Builds the given project (default: every package under src/), adds what RS0016 reports as undeclared and removes what
RS0017 reports as gone (an entry of PublicAPI.Shipped.txt is recorded as *REMOVED* instead), until the build reports
neither. Usage: scripts/sync-public-api.py [path/to/Project.csproj ...]
"""
import glob, os, re, subprocess, sys

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
projects = sys.argv[1:] or sorted(glob.glob(os.path.join(root, "src", "*", "*.csproj")))
pattern = re.compile(r"^(?P<file>[^(]+)\(\d+,\d+\): error (?P<id>RS001[67]): Symbol '(?P<sym>.*)' is (not part|part) of the declared.*\[(?P<proj>[^\]]+)\]$")
for _ in range(5):
    changed = False
    for project in projects:
        out = subprocess.run(["dotnet", "build", "-c", "Release", project], capture_output=True, text=True).stdout
        add, remove = {}, {}
        for line in out.splitlines():
            m = pattern.match(line.strip())
            if not m:
                continue
            api = os.path.join(os.path.dirname(m["proj"]), "PublicAPI.Unshipped.txt")
            (add if m["id"] == "RS0016" else remove).setdefault(api, set()).add(m["sym"])
        for api in set(add) | set(remove):
            lines = [l for l in open(api).read().splitlines() if l.strip()]
            header = [l for l in lines if l.startswith("#")]
            body = set(l for l in lines if not l.startswith("#"))
            gone = remove.get(api, set())
            # A symbol gone from Unshipped is dropped; one gone from Shipped is recorded as removed, as the analyzer asks.
            body = (body - gone) | {"*REMOVED*" + sym for sym in gone if sym not in body and not sym.startswith("*REMOVED*")} | add.get(api, set())
            open(api, "w").write("\n".join(header + sorted(body, key=lambda s: s.lstrip("~").replace("static ", "").replace("abstract ", "").replace("override ", "").replace("virtual ", "").replace("const ", "").replace("readonly ", ""))) + "\n")
            print(f"{os.path.relpath(api, root)}: +{len(add.get(api, ()))} -{len(remove.get(api, ()))}")
            changed = True
    if not changed:
        break
