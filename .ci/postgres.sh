#!/usr/bin/env bash
# Starts a throw-away PostgreSQL cluster on a free loopback port in a temporary directory.
# Usage: source .ci/postgres.sh; pg_start; … ; pg_stop
# Sets TAUAR_TEST_DATABASE_URL to the cluster's admin URL. Installs PostgreSQL from Debian's
# packages when no server binaries are present.

pg_bin_dir() {
  ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1
}

pg_install() {
  if [ -z "$(pg_bin_dir)" ] || [ ! -x "$(pg_bin_dir)/initdb" ]; then
    echo "== installing PostgreSQL from Debian packages"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq postgresql >/dev/null
  fi
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

pg_start() {
  pg_install
  local bin; bin=$(pg_bin_dir)
  PG_DIR=$(mktemp -d /tmp/tauar-pg.XXXXXX)
  PG_PORT=$(free_port)
  # initdb refuses to run as root: run the cluster as the 'postgres' system user.
  local run=()
  if [ "$(id -u)" = 0 ]; then
    id postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
    chown postgres "$PG_DIR"
    run=(runuser -u postgres --)
  fi
  "${run[@]}" "$bin/initdb" -D "$PG_DIR/data" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 >/dev/null
  "${run[@]}" "$bin/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/log" -w \
    -o "-p $PG_PORT -k $PG_DIR -c listen_addresses=127.0.0.1 -c fsync=off -c full_page_writes=off -c max_connections=300" start >/dev/null
  export TAUAR_TEST_DATABASE_URL="postgres://postgres@127.0.0.1:$PG_PORT/postgres"
  PG_RUN=("${run[@]}")
  PG_CTL="$bin/pg_ctl"
  echo "== PostgreSQL $("$bin/postgres" --version | awk '{print $3}') on port $PG_PORT"
}

pg_stop() {
  if [ -n "${PG_DIR:-}" ] && [ -d "$PG_DIR/data" ]; then
    "${PG_RUN[@]}" "$PG_CTL" -D "$PG_DIR/data" -m immediate stop >/dev/null 2>&1 || true
    rm -rf "$PG_DIR"
  fi
}
