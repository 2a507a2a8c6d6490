#!/usr/bin/env bash
# Load test of the webhook receivers on 127.0.0.1: starts a durable throwaway PostgreSQL (fsync on, as in production),
# the sample host on a free port, then benchmarks/Bob.WebhookLoad; prints a markdown table and cleans up.
#   benchmarks/webhook-load.sh [--concurrency N] [--seconds S]
source "$(dirname "$0")/load-host.sh"
secret="load-test-secret-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
start_host Bob.WebhookLoad Webhooks__GitHub__Secret="$secret" Webhooks__Worker__Enabled="${WEBHOOK_WORKER:-true}"
dotnet benchmarks/Bob.WebhookLoad/bin/Release/net10.0/Bob.WebhookLoad.dll --url "http://127.0.0.1:$port" --db "$cs" --secret "$secret" "$@"
