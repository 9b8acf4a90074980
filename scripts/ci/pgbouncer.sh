#!/usr/bin/env bash
# Starts Debian's PgBouncer in transaction mode in front of a PostgreSQL (default
# 127.0.0.1:5432, trust auth), for running the integration suite through it:
#   scripts/ci/pgbouncer.sh start [PORT]   -> prints the pooled URL's host:port
#   scripts/ci/pgbouncer.sh stop
# Every database name is forwarded (the suite makes one database per test file).
set -euo pipefail
dir="${PGBOUNCER_DIR:-/tmp/opsdeck-pgbouncer}"
port="${2:-6432}"
upstream_host="${PGBOUNCER_UPSTREAM_HOST:-127.0.0.1}"
upstream_port="${PGBOUNCER_UPSTREAM_PORT:-5432}"
upstream_user="${PGBOUNCER_UPSTREAM_USER:-postgres}"

case "${1:-start}" in
  start)
    mkdir -p "$dir"
    cat >"$dir/pgbouncer.ini" <<INI
[databases]
* = host=$upstream_host port=$upstream_port user=$upstream_user

[pgbouncer]
listen_addr = 127.0.0.1
listen_port = $port
unix_socket_dir =
auth_type = any
pool_mode = transaction
max_client_conn = 1000
default_pool_size = 40
max_db_connections = 0
server_reset_query =
ignore_startup_parameters = extra_float_digits
logfile = $dir/pgbouncer.log
pidfile = $dir/pgbouncer.pid
INI
    # PgBouncer refuses to run as root; it drops to an unprivileged user.
    runas=()
    if [ "$(id -u)" = 0 ]; then
      id -u postgres >/dev/null 2>&1 || useradd --system --no-create-home postgres
      chown -R postgres "$dir"
      runas=(-u postgres)
    fi
    /usr/sbin/pgbouncer -d "${runas[@]}" "$dir/pgbouncer.ini"
    for _ in $(seq 1 100); do
      if (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then echo "127.0.0.1:$port"; exit 0; fi
      sleep 0.1
    done
    echo "pgbouncer did not start; see $dir/pgbouncer.log" >&2
    exit 1
    ;;
  stop)
    [ -f "$dir/pgbouncer.pid" ] && kill "$(cat "$dir/pgbouncer.pid")" 2>/dev/null || true
    ;;
esac
