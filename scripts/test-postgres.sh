#!/usr/bin/env bash
# A throw-away PostgreSQL cluster for the tests, on a local socket only.
#   test-postgres.sh start DIR   initdb a cluster under /tmp, start it, write its URL to DIR/url
#   test-postgres.sh stop DIR    stop it and remove it and DIR
# ctest runs these as the fixture of the PostgreSQL runs of the persistence suite.
# As root the cluster runs as the 'postgres' user (initdb refuses root).
set -euo pipefail
cmd=${1:?start or stop}
dir=$(realpath -m "${2:?directory}")
bin=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)
[ -x "$bin/initdb" ] || { echo "PostgreSQL is not installed (make deps installs it)" >&2; exit 1; }
as=()
[ "$(id -u)" -eq 0 ] && as=(runuser -u postgres --)
case "$cmd" in
start)
  [ -f "$dir/home" ] && "$0" stop "$dir"
  rm -rf "$dir"
  mkdir -p "$dir"
  # The cluster and its socket live under /tmp: a short socket path (a Unix socket's is
  # limited to 107 bytes), and a place the 'postgres' user can reach from any checkout.
  home=$(mktemp -d /tmp/sentinel-pg.XXXXXX)
  echo "$home" > "$dir/home"
  [ ${#as[@]} -gt 0 ] && chown postgres "$home"
  "${as[@]}" "$bin/initdb" -D "$home/data" -U postgres --auth=trust -E UTF8 --locale=C >"$dir/initdb.log" 2>&1 \
    || { cat "$dir/initdb.log" >&2; exit 1; }
  "${as[@]}" "$bin/pg_ctl" -D "$home/data" -l "$home/server.log" -w -t 60 \
    -o "-k $home -c listen_addresses= -c max_connections=100" start >/dev/null \
    || { cat "$home/server.log" >&2; exit 1; }
  echo "postgresql://postgres@/postgres?host=$home" > "$dir/url"
  echo "PostgreSQL for the tests: $(cat "$dir/url")"
  ;;
stop)
  if [ -f "$dir/home" ]; then
    home=$(cat "$dir/home")
    "${as[@]}" "$bin/pg_ctl" -D "$home/data" -m fast -w stop >/dev/null 2>&1 || true
    rm -rf "$home"
  fi
  rm -rf "$dir"
  ;;
*) echo "usage: $0 start|stop DIR" >&2; exit 2 ;;
esac
