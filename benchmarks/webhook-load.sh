#!/usr/bin/env bash
# Load test of the webhook receivers on 127.0.0.1: starts a durable throwaway PostgreSQL (fsync on, as in production),
# the sample host on a free port, then benchmarks/Bob.WebhookLoad; prints a markdown table and cleans up.
#   benchmarks/webhook-load.sh [--concurrency N] [--seconds S]
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"
pgdir=$(mktemp -d "${TMPDIR:-/tmp}/bob-load-pg.XXXXXX")
host_pid=""
cleanup() {
  [ -n "$host_pid" ] && kill "$host_pid" 2>/dev/null || true
  scripts/pg-local.sh destroy "$pgdir"
}
trap cleanup EXIT

cs=$(scripts/pg-local.sh start "$pgdir")
dotnet build -c Release samples/Bob.SampleHost -v q -nologo >/dev/null
dotnet build -c Release benchmarks/Bob.WebhookLoad -v q -nologo >/dev/null
port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ))
secret="load-test-secret-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
ConnectionStrings__Bob="$cs" GIT_TOKEN_ENCRYPTION_KEY=$(head -c 32 /dev/urandom | base64) Webhooks__GitHub__Secret="$secret" \
  Logging__LogLevel__Default=Warning Webhooks__Worker__Enabled="${WEBHOOK_WORKER:-true}" \
  dotnet samples/Bob.SampleHost/bin/Release/net10.0/Bob.SampleHost.dll --urls "http://127.0.0.1:$port" >"$pgdir/host.log" 2>&1 &
host_pid=$!
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/healthz" >/dev/null 2>&1 && break; sleep 0.2; done
dotnet benchmarks/Bob.WebhookLoad/bin/Release/net10.0/Bob.WebhookLoad.dll --url "http://127.0.0.1:$port" --db "$cs" --secret "$secret" "$@"
