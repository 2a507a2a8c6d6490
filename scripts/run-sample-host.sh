#!/usr/bin/env bash
# Runs the sample host on http://127.0.0.1:5080 (pass --urls to change it).
# Without ConnectionStrings__Bob it starts a local PostgreSQL with its data under .data/postgres (kept between runs;
# `scripts/pg-local.sh stop .data/postgres` stops it). Without GIT_TOKEN_ENCRYPTION_KEY it uses a development key
# kept in .data/dev-encryption-key. Migrations run at start-up.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
cd "$root"

# PostgreSQL's server binaries and git: installed when missing (root or passwordless sudo), else one line saying how.
scripts/setup.sh run

if [ -z "${ConnectionStrings__Bob:-}" ]; then
  mkdir -p .data
  ConnectionStrings__Bob=$(scripts/pg-local.sh start .data/postgres)
  export ConnectionStrings__Bob
  echo "run-sample-host: using the local PostgreSQL in .data/postgres" >&2
fi

if [ -z "${GIT_TOKEN_ENCRYPTION_KEY:-}" ]; then
  mkdir -p .data
  if [ ! -s .data/dev-encryption-key ]; then
    (umask 077; head -c 32 /dev/urandom | base64 > .data/dev-encryption-key)
  fi
  GIT_TOKEN_ENCRYPTION_KEY=$(cat .data/dev-encryption-key)
  export GIT_TOKEN_ENCRYPTION_KEY
  echo "run-sample-host: using the development encryption key in .data/dev-encryption-key" >&2
fi

exec dotnet run --project samples/Bob.SampleHost -c Release -- "$@"
