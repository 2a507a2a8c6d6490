#!/usr/bin/env bash
# The CI storm of issue 21 on 127.0.0.1: a durable throwaway PostgreSQL (fsync on), the sample host with its worker on a
# free port, a user and API key made with the host's create-user command, then benchmarks/Bob.CheckStormLoad; prints a
# markdown table and cleans up.
#   benchmarks/check-storm.sh [--concurrency N] [--checks N] [--rounds N]
source "$(dirname "$0")/load-host.sh"
secret="storm-secret-$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')"
start_host Bob.CheckStormLoad Webhooks__GitHub__Secret="$secret"
key=$(dotnet samples/Bob.SampleHost/bin/Release/net10.0/Bob.SampleHost.dll create-user storm 2>/dev/null | awk '/^api-key:/ {print $2}')
dotnet benchmarks/Bob.CheckStormLoad/bin/Release/net10.0/Bob.CheckStormLoad.dll --url "http://127.0.0.1:$port" --db "$cs" --secret "$secret" --api-key "$key" "$@"
