# Sourced by the load scripts: a durable throwaway PostgreSQL (fsync on, as in production) and the sample host on a free
# loopback port, both cleaned up on exit. After `start_host [ENV=VALUE ...]`: $cs (connection string), $port, $host_pid.
set -euo pipefail
root=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
cd "$root"
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/bob-load-pg.XXXXXX")
host_pid=""
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null || true
  scripts/pg-local.sh destroy "$pgdir"
}
trap cleanup EXIT

# start_host LOAD_PROJECT [ENV=VALUE ...]: builds the host and the load program, starts the host with the settings given.
start_host() {
  local project=$1
  shift
  cs=$(scripts/pg-local.sh start "$pgdir")
  dotnet build -c Release samples/Bob.SampleHost -v q -nologo >/dev/null
  dotnet build -c Release "benchmarks/$project" -v q -nologo >/dev/null
  port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ))
  export ConnectionStrings__Bob="$cs" GIT_TOKEN_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64) Logging__LogLevel__Default=Warning
  env "$@" dotnet samples/Bob.SampleHost/bin/Release/net10.0/Bob.SampleHost.dll --urls "http://127.0.0.1:$port" >"$pgdir/host.log" 2>&1 &
  host_pid=$!
  for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
}
