#!/usr/bin/env bash
# Makes sure this machine has what the README's commands need, installing it when it can:
#
#   scripts/setup.sh run     PostgreSQL's server binaries (initdb, pg_ctl) and git: for scripts/run-sample-host.sh
#   scripts/setup.sh test    the same, Chromium (the pages' browser test) and npm (the OpenAPI lint): for scripts/test.sh
#                            and .ci/run; it also installs the pinned lint tool (npm ci in tools/openapi-lint)
#
# On Debian or Ubuntu, as root or with passwordless sudo, it installs what is missing with apt-get (the PostgreSQL
# package's own system cluster is stopped: the scripts start their own). Otherwise, or with BOB_SETUP_NO_INSTALL=1, it
# stops with one line naming what is missing and how to get it. The .NET 10 SDK is checked, never installed.
# PG_BIN and BOB_CHROMIUM point at binaries outside the usual places.
set -euo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)

purpose=${1:-test}
case "$purpose" in run|test) ;; *) echo "usage: $0 run|test" >&2; exit 2 ;; esac

have_postgres() {
  if [ -n "${PG_BIN:-}" ]; then [ -x "$PG_BIN/initdb" ]; return; fi
  ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || command -v initdb >/dev/null 2>&1 \
    || ls /usr/local/opt/postgresql*/bin/initdb /opt/homebrew/opt/postgresql*/bin/initdb /usr/pgsql-*/bin/initdb >/dev/null 2>&1
}
have_chromium() { [ -x "${BOB_CHROMIUM:-/usr/bin/chromium}" ]; }

missing=()   # Debian package names
have_postgres || missing+=(postgresql)
command -v git >/dev/null 2>&1 || missing+=(git)
[ "$purpose" = test ] && ! have_chromium && missing+=(chromium)
[ "$purpose" = test ] && ! command -v npm >/dev/null 2>&1 && missing+=(npm)   # Redocly's OpenAPI lint (tools/openapi-lint)

if [ ${#missing[@]} -gt 0 ]; then
  runner=""
  if [ "${BOB_SETUP_NO_INSTALL:-0}" != 1 ] && command -v apt-get >/dev/null 2>&1; then
    if [ "$(id -u)" = 0 ]; then runner=" "; elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then runner="sudo"; fi
  fi
  if [ -z "$runner" ]; then
    echo "setup: missing ${missing[*]}; install with 'sudo apt-get install ${missing[*]}' (macOS: brew install postgresql@16 git, and BOB_CHROMIUM=/path/to/chrome), or set PG_BIN / BOB_CHROMIUM" >&2
    exit 1
  fi
  echo "setup: installing ${missing[*]} with apt-get" >&2
  export DEBIAN_FRONTEND=noninteractive
  $runner apt-get update -qq
  $runner apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  if [[ " ${missing[*]} " == *" postgresql "* ]]; then
    # The package starts a system cluster on 5432; nothing here uses it.
    $runner service postgresql stop >/dev/null 2>&1 || true
  fi
fi

if ! command -v dotnet >/dev/null 2>&1; then
  echo "setup: the .NET 10 SDK is missing (dotnet is not on PATH); install it from https://dot.net/download or with 'sudo apt-get install dotnet-sdk-10.0'" >&2
  exit 1
fi
sdk=$(dotnet --version 2>/dev/null || echo 0)
if [ "${sdk%%.*}" -lt 10 ] 2>/dev/null; then
  echo "setup: the .NET 10 SDK is needed, found $sdk; install it from https://dot.net/download" >&2
  exit 1
fi

lint="$root/tools/openapi-lint"
if [ "$purpose" = test ] && ! cmp -s "$lint/package-lock.json" "$lint/node_modules/.bob-installed-lock" 2>/dev/null; then
  # Redocly CLI at the version package-lock.json pins, from the npm registry; again only when the lock file changes.
  (cd "$lint" && npm ci --no-audit --no-fund --loglevel=error >/dev/null && cp package-lock.json node_modules/.bob-installed-lock) \
    || { echo "setup: 'npm ci' in tools/openapi-lint failed (the OpenAPI lint test needs it)" >&2; exit 1; }
fi
