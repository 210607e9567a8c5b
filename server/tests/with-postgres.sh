#!/usr/bin/env bash
# Runs a command with a throw-away PostgreSQL server: initdb into a temporary folder, start it on
# a free loopback port, export OKUR_TEST_POSTGRES=postgres://okur@127.0.0.1:PORT, run the
# command, then stop the server and remove the folder, whether the command passed or not.
# Usage: server/tests/with-postgres.sh cargo test -p okur
set -euo pipefail

PG_BIN=${PG_BIN:-/usr/lib/postgresql/15/bin}
if [[ ! -x $PG_BIN/initdb ]]; then
  echo "with-postgres: $PG_BIN/initdb is missing (apt-get install postgresql)" >&2
  exit 1
fi

dir=$(mktemp -d /tmp/okur-pg.XXXXXX)
# initdb refuses to run as root: then the server runs as the package's postgres user.
as_owner=()
if [[ $(id -u) == 0 ]]; then
  chown postgres "$dir"
  as_owner=(runuser -u postgres --)
fi
port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')

stop() {
  "${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" stop -m fast >/dev/null 2>&1 || true
  rm -rf "$dir"
}
trap stop EXIT

"${as_owner[@]}" "$PG_BIN/initdb" -D "$dir/data" -A trust -U okur --locale=C.UTF-8 -E UTF8 >/dev/null
"${as_owner[@]}" "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/log" -w start \
  -o "-p $port -k $dir -c listen_addresses=127.0.0.1 -c max_connections=400 -c fsync=off" >/dev/null

export OKUR_TEST_POSTGRES="postgres://okur@127.0.0.1:$port"
echo "with-postgres: PostgreSQL $("$PG_BIN/postgres" --version | awk '{print $3}') on port $port"
"$@"
