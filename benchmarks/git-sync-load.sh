#!/usr/bin/env bash
# Load test of the backfill sync: starts a throwaway PostgreSQL, then benchmarks/Bob.GitSyncLoad (a fake GitHub
# Enterprise Server in-process, N repositories); prints a markdown table and cleans up.
#   benchmarks/git-sync-load.sh [--repositories N] [--concurrency 1,4,16]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/bob-sync-pg.XXXXXX")
trap 'scripts/pg-local.sh destroy "$pgdir"' EXIT
cs=$(scripts/pg-local.sh start "$pgdir")
dotnet build -c Release benchmarks/Bob.GitSyncLoad -v q -nologo >/dev/null
Logging__LogLevel__Default=Warning dotnet benchmarks/Bob.GitSyncLoad/bin/Release/net10.0/Bob.GitSyncLoad.dll --db "$cs" "$@"
