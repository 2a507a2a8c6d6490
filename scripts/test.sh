#!/usr/bin/env bash
# Runs every test of the solution against a throwaway local PostgreSQL (started here, deleted afterwards),
# then prints the totals. Extra arguments go to `dotnet test` (for example --filter ...).
# With BOB_TEST_POSTGRES already set (an Npgsql connection string of a superuser), that server is used instead.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# PostgreSQL's server binaries, git and Chromium: installed when missing (root or passwordless sudo), else one line saying how.
scripts/setup.sh test

if [ -z "${BOB_TEST_POSTGRES:-}" ]; then
  pgdir=$(mktemp -d "${TMPDIR:-/tmp}/bob-test-pg.XXXXXX")
  trap 'scripts/pg-local.sh destroy "$pgdir"' EXIT
  BOB_TEST_POSTGRES=$(PG_LOCAL_FAST=1 scripts/pg-local.sh start "$pgdir")
  export BOB_TEST_POSTGRES
fi

log=$(mktemp "${TMPDIR:-/tmp}/bob-test-log.XXXXXX")
status=0
dotnet test Bob.sln -c Release "$@" 2>&1 | tee "$log" || status=$?

# dotnet test prints one summary line per test project: "Passed!  - Failed: 0, Passed: 12, Skipped: 0, Total: 12, ..."
awk '
  /(Passed|Failed)! *- *Failed:/ {
    gsub(/,/, " ");
    for (i = 1; i <= NF; i++) {
      if ($i == "Failed:") f += $(i + 1);
      if ($i == "Passed:") p += $(i + 1);
      if ($i == "Skipped:") s += $(i + 1);
    }
    n++
  }
  END { printf "\nTest projects: %d\n%d passed, %d failed, %d skipped\n", n, p, f, s }
' "$log"
rm -f "$log"
exit "$status"
