#!/usr/bin/env bash
# Load test of the session event stream: starts a throwaway PostgreSQL and the sample host on a free port, creates a user,
# then benchmarks/Bob.SseLoad; prints a markdown table and cleans up.
#   benchmarks/sse-load.sh [--sessions 50] [--subscribers 500] [--seconds 30]
source "$(dirname "$0")/load-host.sh"
start_host Bob.SseLoad
key=$(dotnet samples/Bob.SampleHost/bin/Release/net10.0/Bob.SampleHost.dll create-user sse-load | awk '/api-key:/{print $2}')
dotnet benchmarks/Bob.SseLoad/bin/Release/net10.0/Bob.SseLoad.dll --url "http://127.0.0.1:$port" --key "$key" --db "$cs" --pid "$host_pid" "$@"
