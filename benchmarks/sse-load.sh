#!/usr/bin/env bash
# Load test of the session event stream: starts a throwaway PostgreSQL and the sample host on a free port, creates a user,
# then benchmarks/Bob.SseLoad; prints a markdown table and cleans up.
#   benchmarks/sse-load.sh [--sessions 50] [--subscribers 500] [--seconds 30]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/bob-sse-pg.XXXXXX")
host_pid=""
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null || true
  scripts/pg-local.sh destroy "$pgdir"
}
trap cleanup EXIT

cs=$(scripts/pg-local.sh start "$pgdir")
dotnet build -c Release samples/Bob.SampleHost -v q -nologo >/dev/null
dotnet build -c Release benchmarks/Bob.SseLoad -v q -nologo >/dev/null
port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ))
export ConnectionStrings__Bob="$cs" GIT_TOKEN_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64) Logging__LogLevel__Default=Warning
dotnet samples/Bob.SampleHost/bin/Release/net10.0/Bob.SampleHost.dll --urls "http://127.0.0.1:$port" >"$pgdir/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
key=$(dotnet samples/Bob.SampleHost/bin/Release/net10.0/Bob.SampleHost.dll create-user sse-load | awk '/api-key:/{print $2}')
dotnet benchmarks/Bob.SseLoad/bin/Release/net10.0/Bob.SseLoad.dll --url "http://127.0.0.1:$port" --key "$key" --db "$cs" --pid "$host_pid" "$@"
