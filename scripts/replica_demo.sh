#!/usr/bin/env bash
# Scale-out demonstration (make replica-demo): Odoo with two HTTP workers and a
# cron worker, its database on a PostgreSQL primary with a streaming replica.
#
# 1. A private primary cluster and its streaming replica (pg_basebackup -R)
#    are created in a temporary directory, on ports of their own; the
#    replica logs every statement, the primary too once the addons are
#    installed.
# 2. The addons are installed with demo data on the primary.
# 3. Odoo runs with --workers=2 --max-cron-threads=1 and --db_replica_host /
#    --db_replica_port: read-only requests (methods marked @api.readonly,
#    such as the success dashboard's data) are served by the replica.
# 4. Over HTTP: log in, open the success dashboard's data (read-only), then
#    run the scorecard cron through the cron worker (it writes).
# 5. The clusters' logs say where the dashboard's reads and the cron's
#    writes went; pg_stat_replication gives the replica's lag.
#
# Needs PostgreSQL's server binaries (Debian's postgresql, as the tests) and
# the project's virtualenv (make setup). Everything is removed at the end.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="$ROOT/.venv/bin/python"
PGBIN="${PGBIN:-$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n1)}"
PRIMARY_PORT="${PRIMARY_PORT:-55432}"
REPLICA_PORT="${REPLICA_PORT:-55433}"
HTTP_PORT="${HTTP_PORT:-8299}"
# not named crm_success_*: the statements are told apart by that prefix
DB=replica_demo
WORK="$(mktemp -d /tmp/crm-success-replica.XXXXXX)"
ODOO_SRC="$(cat "$ROOT/.venv/.odoo-src")"
ADDONS_PATH="$ODOO_SRC/addons,$ODOO_SRC/odoo/addons,$ROOT"
ODOO_PID=""

# PostgreSQL refuses to run as root: the clusters belong to the postgres user.
as_pg() {
    if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

cleanup() {
    # the logs stay for a look at what the report summed up
    mkdir -p /tmp/crm-success-replica-logs
    cp "$WORK"/*.log /tmp/crm-success-replica-logs/ 2>/dev/null || true
    [ -n "$ODOO_PID" ] && kill "$ODOO_PID" 2>/dev/null && wait "$ODOO_PID" 2>/dev/null
    for cluster in replica primary; do
        [ -f "$WORK/$cluster/postmaster.pid" ] &&
            as_pg "$PGBIN/pg_ctl" -D "$WORK/$cluster" -m immediate stop >/dev/null 2>&1
    done
    rm -rf "$WORK"
}
trap cleanup EXIT

say() { echo "replica demo: $*"; }

say "clusters in $WORK (primary :$PRIMARY_PORT, replica :$REPLICA_PORT)"
[ "$(id -u)" = 0 ] && chown postgres "$WORK"
as_pg "$PGBIN/initdb" -D "$WORK/primary" -U odoo --auth=trust >/dev/null
cat >>"$WORK/primary/postgresql.conf" <<EOF
port = $PRIMARY_PORT
listen_addresses = '127.0.0.1'
unix_socket_directories = '$WORK'
wal_level = replica
max_wal_senders = 4
log_line_prefix = '%m [%a] '
EOF
echo "host replication odoo 127.0.0.1/32 trust" >>"$WORK/primary/pg_hba.conf"
as_pg "$PGBIN/pg_ctl" -D "$WORK/primary" -l "$WORK/primary.log" -w start >/dev/null
as_pg "$PGBIN/pg_basebackup" -h 127.0.0.1 -p "$PRIMARY_PORT" -U odoo -D "$WORK/replica" -R -X stream
cat >>"$WORK/replica/postgresql.conf" <<EOF
port = $REPLICA_PORT
hot_standby = on
log_statement = 'all'
EOF
as_pg "$PGBIN/pg_ctl" -D "$WORK/replica" -l "$WORK/replica.log" -w start >/dev/null

odoo() {  # exec: in the background, $! is Odoo's own process
    exec "$PYTHON" "$ODOO_SRC/odoo-bin" --addons-path="$ADDONS_PATH" -d "$DB" \
        --db_host=127.0.0.1 --db_port="$PRIMARY_PORT" --db_user=odoo \
        --db-filter="^$DB\$" --data-dir="$WORK/data" "$@"
}

say "installing crm_success_metrics with demo data on the primary"
(odoo -i crm_success_metrics --stop-after-init --log-level=warn --max-cron-threads=0) \
    >"$WORK/install.log" 2>&1 || { tail -n 30 "$WORK/install.log"; exit 1; }

# from now on, the primary logs every statement too (not the install's)
psql -h 127.0.0.1 -p "$PRIMARY_PORT" -U odoo -d postgres -qAt \
    -c "ALTER SYSTEM SET log_statement = 'all'" -c "SELECT pg_reload_conf()" >/dev/null

say "starting Odoo: 2 HTTP workers, 1 cron worker, read-only requests on the replica"
# ODOO_NOTIFY_CRON_CHANGES: a cron made due wakes the cron worker at once
(ODOO_NOTIFY_CRON_CHANGES=1 odoo --workers=2 --max-cron-threads=1 --http-port="$HTTP_PORT" \
    --db_replica_host=127.0.0.1 --db_replica_port="$REPLICA_PORT" \
    --limit-time-real-cron=600 --log-level=info) >"$WORK/odoo.log" 2>&1 &
ODOO_PID=$!

"$PYTHON" "$ROOT/scripts/replica_demo.py" "$WORK" "$HTTP_PORT" "$DB" "$PRIMARY_PORT"
