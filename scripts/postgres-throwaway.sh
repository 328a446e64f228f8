#!/usr/bin/env bash
# A throwaway PostgreSQL server on loopback for tests: a fresh cluster in a temp folder, owned
# by the `postgres` OS user, on a free port. Source it to get TEST_DATABASE_URL and
# stop_throwaway_postgres (which stops the server by its PID and deletes the folder).
#   source scripts/postgres-throwaway.sh && start_throwaway_postgres
set -euo pipefail

pg_bin_dir() {
  local dir
  for dir in /usr/lib/postgresql/*/bin; do
    [ -x "$dir/initdb" ] && { echo "$dir"; return 0; }
  done
  command -v initdb >/dev/null && { dirname "$(command -v initdb)"; return 0; }
  echo "PostgreSQL server binaries not found: apt-get install -y postgresql" >&2
  return 1
}

free_port() {
  node -e "const s=require('net').createServer();s.listen(0,'127.0.0.1',()=>{console.log(s.address().port);s.close()})"
}

as_postgres() {
  if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

start_throwaway_postgres() {
  local bin port
  bin=$(pg_bin_dir)
  port=$(free_port)
  PG_THROWAWAY_DIR=$(mktemp -d /tmp/cs-postgres.XXXXXX)
  [ "$(id -u)" = 0 ] && chown postgres:postgres "$PG_THROWAWAY_DIR"
  as_postgres "$bin/initdb" -D "$PG_THROWAWAY_DIR/data" -U postgres -A trust --no-sync -E UTF8 >"$PG_THROWAWAY_DIR/initdb.log" 2>&1
  as_postgres "$bin/pg_ctl" -D "$PG_THROWAWAY_DIR/data" -l "$PG_THROWAWAY_DIR/server.log" -w \
    -o "-c listen_addresses=127.0.0.1 -p $port -k $PG_THROWAWAY_DIR -c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=200" \
    start >/dev/null
  PG_THROWAWAY_PID=$(head -1 "$PG_THROWAWAY_DIR/data/postmaster.pid")
  export PG_THROWAWAY_DIR PG_THROWAWAY_PID
  export TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$port/postgres"
  echo "throwaway PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $port (pid $PG_THROWAWAY_PID)"
}

stop_throwaway_postgres() {
  [ -n "${PG_THROWAWAY_PID:-}" ] || return 0
  kill -INT "$PG_THROWAWAY_PID" 2>/dev/null || true
  for _ in $(seq 1 50); do kill -0 "$PG_THROWAWAY_PID" 2>/dev/null || break; sleep 0.2; done
  rm -rf "$PG_THROWAWAY_DIR"
  unset PG_THROWAWAY_PID
}
