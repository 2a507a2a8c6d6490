#!/usr/bin/env bash
# A throwaway PostgreSQL cluster for development and tests, from the installed server binaries.
#
#   scripts/pg-local.sh start DIR     initialise (first time) and start a cluster in DIR (on its previous port when free);
#                                     prints its Npgsql connection string
#   scripts/pg-local.sh stop DIR      stop it
#   scripts/pg-local.sh destroy DIR   stop it and delete DIR
#   scripts/pg-local.sh status DIR    exit 0 when running
#
# The cluster listens on 127.0.0.1 only, on a free port, with a random password (SCRAM), and no Unix socket.
# It never touches a system cluster. Run as root, it runs the server as the `postgres` user (initdb refuses root).
# PG_LOCAL_FAST=1 turns off fsync for test runs (data is thrown away anyway). PG_BIN overrides the binaries' folder.
set -euo pipefail

die() { echo "pg-local: $*" >&2; exit 1; }

find_bin() {
  if [ -n "${PG_BIN:-}" ]; then echo "$PG_BIN"; return; fi
  local d best=""
  for d in /usr/lib/postgresql/*/bin /usr/local/opt/postgresql*/bin /opt/homebrew/opt/postgresql*/bin /usr/pgsql-*/bin; do
    [ -x "$d/initdb" ] && best="$d"
  done
  if [ -z "$best" ] && command -v initdb >/dev/null 2>&1; then best=$(dirname "$(command -v initdb)"); fi
  [ -n "$best" ] || die "PostgreSQL server binaries (initdb, pg_ctl) not found. Install them: Debian/Ubuntu 'apt-get install postgresql', macOS 'brew install postgresql@16'; or set PG_BIN."
  echo "$best"
}

BIN=$(find_bin)
version=$("$BIN/initdb" --version | sed -E 's/[^0-9]*([0-9]+).*/\1/')
[ "$version" -ge 15 ] || die "PostgreSQL $version found in $BIN; 15 or newer is needed (NULLS NOT DISTINCT)."

as_pg() {
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || die "running as root needs a 'postgres' user to run the server"
    runuser -u postgres -- "$@"
  else
    "$@"
  fi
}

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

cmd=${1:-}; dir=${2:-}
[ -n "$cmd" ] && [ -n "$dir" ] || die "usage: $0 start|stop|destroy|status DIR"
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)
data="$dir/pgdata"

running() { [ -f "$data/postmaster.pid" ] && as_pg "$BIN/pg_ctl" -D "$data" status >/dev/null 2>&1; }

connection_string() {
  echo "Host=127.0.0.1;Port=$(cat "$dir/port");Username=bob;Password=$(cat "$dir/password");Database=bob"
}

case "$cmd" in
  start)
    if [ "$(id -u)" = 0 ]; then chown postgres "$dir"; chmod 700 "$dir"; fi
    if [ ! -f "$data/PG_VERSION" ]; then
      umask 077
      head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' > "$dir/password"
      [ "$(id -u)" = 0 ] && chown postgres "$dir/password"
      as_pg "$BIN/initdb" -D "$data" -U bob --auth=scram-sha-256 --pwfile="$dir/password" -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
        || { cat "$dir/initdb.log" >&2; die "initdb failed"; }
    fi
    if running; then connection_string; exit 0; fi
    extra=""
    [ "${PG_LOCAL_FAST:-0}" = 1 ] && extra="-c fsync=off -c synchronous_commit=off -c full_page_writes=off"
    started=0
    # A restarted cluster takes its previous port again when it is free, so connection strings outlive a restart.
    previous=$(cat "$dir/port" 2>/dev/null || true)
    for attempt in 1 2 3 4 5 6 7 8 9; do
      port=$(( 20000 + $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % 30000 ))
      [ "$attempt" = 1 ] && [ -n "$previous" ] && port=$previous
      port_free "$port" || continue
      if as_pg "$BIN/pg_ctl" -D "$data" -l "$dir/server.log" -w -t 60 \
          -o "-c listen_addresses=127.0.0.1 -p $port -c unix_socket_directories='' -c max_connections=300 $extra" start >/dev/null 2>&1; then
        started=1; break
      fi
    done
    [ "$started" = 1 ] || { tail -n 20 "$dir/server.log" >&2 || true; die "could not start PostgreSQL (log: $dir/server.log)"; }
    echo "$port" > "$dir/port"
    export PGPASSWORD; PGPASSWORD=$(cat "$dir/password")
    if ! "$BIN/psql" -h 127.0.0.1 -p "$port" -U bob -d postgres -tAc "SELECT 1 FROM pg_database WHERE datname = 'bob'" | grep -q 1; then
      "$BIN/createdb" -h 127.0.0.1 -p "$port" -U bob bob
    fi
    connection_string
    ;;
  stop)
    if running; then as_pg "$BIN/pg_ctl" -D "$data" -m fast -w stop >/dev/null; fi
    ;;
  destroy)
    if running; then as_pg "$BIN/pg_ctl" -D "$data" -m immediate -w stop >/dev/null || true; fi
    rm -rf "$dir"
    ;;
  status)
    running
    ;;
  *) die "unknown command '$cmd'; use start, stop, destroy or status" ;;
esac
