"""The HTTP half of scripts/replica_demo.sh, and its report.

Run by the shell script once Odoo is starting: waits for it, opens the success
dashboard's data as admin over HTTP (a read-only request), makes the scorecard
cron due and waits for the cron worker to run it, then reads the statements
the two clusters logged during each (the windows between the calls) to say
where each went. Exits 1 when the dashboard's reads did not go to the replica
or the cron's writes not to the primary.

    replica_demo.py WORKDIR HTTP_PORT DATABASE PRIMARY_PORT
"""

import re
import sys
import time
from collections import Counter
from pathlib import Path

import psycopg2
import requests

WORK, PORT, DB, PRIMARY_PORT = Path(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4]
URL = f"http://127.0.0.1:{PORT}"
ENTRY = re.compile(
    r"^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d+ \w+ \[(?P<app>[^\]]*)\] ", re.M
)
WRITE = re.compile(r"\b(INSERT INTO|UPDATE|DELETE FROM)\b", re.I)
CRON_XMLID = ("crm_success_metrics", "ir_cron_compute_scorecards")


def say(text):
    print(f"replica demo: {text}", flush=True)


def wait_for_odoo(session):
    for _ in range(180):
        try:
            session.get(f"{URL}/web/login", timeout=5)
            return
        except requests.ConnectionError:
            time.sleep(1)
    sys.exit("replica demo: Odoo did not answer in 3 minutes")


def call(session, model, method, *args, **kwargs):
    response = session.post(
        f"{URL}/web/dataset/call_kw/{model}/{method}",
        json={
            "jsonrpc": "2.0",
            "method": "call",
            "params": {
                "model": model,
                "method": method,
                "args": list(args),
                "kwargs": kwargs,
            },
        },
        timeout=600,
    ).json()
    if "error" in response:
        sys.exit(
            f"replica demo: {model}.{method}: {response['error']['data']['message']}"
        )
    return response["result"]


def log_size(name):
    return (WORK / name).stat().st_size


def statements(name, start, end):
    """(application name, statement) of the cluster's log between two offsets."""
    with open(WORK / name, "rb") as log:
        log.seek(start)
        text = log.read(end - start).decode(errors="replace")
    starts = [m for m in ENTRY.finditer(text)]
    for match, following in zip(starts, starts[1:] + [None], strict=False):
        body = text[match.end() : following.start() if following else len(text)]
        if "statement:" in body:
            yield match["app"], body.split("statement:", 1)[1].strip()


def tally(window, touching):
    """Counter of (cluster, read/write) of the statements of the window
    touching the tables whose names start with ``touching``. Every worker's
    connections carry the name of Odoo's main process (the database is
    loaded before the workers fork): the windows, not the names, say which
    request a statement served."""
    counts = Counter()
    for cluster, (start, end) in window.items():
        for _app, sql in statements(f"{cluster}.log", start, end):
            if touching in sql:
                write = WRITE.search(sql)
                counts[cluster, "write" if write else "read"] += 1
                if write:
                    counts[cluster, "e.g. " + " ".join(sql.split())[:60]] += 1
    return counts


def run_cron(session):
    """Make the scorecard cron due and wait until the cron worker ran it."""
    module, name = CRON_XMLID
    [xmlid] = call(
        session,
        "ir.model.data",
        "search_read",
        [("module", "=", module), ("name", "=", name)],
        ["res_id"],
    )
    cron = xmlid["res_id"]
    call(session, "ir.cron", "write", [cron], {"nextcall": "2000-01-01 00:00:00"})
    pattern = re.compile(rf"Job '[^']*' \({cron}\) done in ([\d.]+)s")
    for _ in range(600):
        found = pattern.search((WORK / "odoo.log").read_text())
        if found:
            return float(found[1])
        time.sleep(1)
    sys.exit(
        "replica demo: the cron worker did not run the scorecard cron in 10 minutes"
    )


def wait_for_idle_crons():
    """Wait until the cron worker has run the scheduled actions due at its
    start (a new database has many), so that none runs while the
    dashboard is read: no action due for two checks in a row."""
    conn = psycopg2.connect(host="127.0.0.1", port=PRIMARY_PORT, user="odoo", dbname=DB)
    conn.autocommit = True
    idle = 0
    try:
        with conn.cursor() as cr:
            for _ in range(300):
                cr.execute(
                    "SELECT count(*) FROM ir_cron WHERE active"
                    " AND nextcall <= now() AT TIME ZONE 'UTC'"
                )
                idle = idle + 1 if cr.fetchone()[0] == 0 else 0
                if idle == 2:
                    return
                time.sleep(2)
    finally:
        conn.close()
    sys.exit("replica demo: scheduled actions still due after 10 minutes")


def replication_state():
    conn = psycopg2.connect(
        host="127.0.0.1", port=PRIMARY_PORT, user="odoo", dbname="postgres"
    )
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT state, sync_state, COALESCE(replay_lag, '0'::interval)"
                "  FROM pg_stat_replication"
            )
            return cr.fetchall()
    finally:
        conn.close()


def show(title, counts):
    say(title)
    for (cluster, access), count in sorted(counts.items()):
        print(f"    {cluster:<8} {access:<6} {count:>5} statements")


def main():
    session = requests.Session()
    wait_for_odoo(session)
    session.post(
        f"{URL}/web/session/authenticate",
        json={
            "jsonrpc": "2.0",
            "params": {"db": DB, "login": "admin", "password": "admin"},
        },
        timeout=60,
    ).raise_for_status()

    wait_for_idle_crons()
    before = {cluster: log_size(f"{cluster}.log") for cluster in ("primary", "replica")}
    started = time.perf_counter()
    data = call(session, "crm.success.dashboard", "get_dashboard_data")
    elapsed = time.perf_counter() - started
    time.sleep(1)  # the clusters' loggers flush
    after = {cluster: log_size(f"{cluster}.log") for cluster in ("primary", "replica")}
    dashboard = tally({c: (before[c], after[c]) for c in before}, "crm_success_")
    show(
        f"success dashboard data over HTTP ({elapsed * 1000:.0f} ms,"
        f" {len(data)} keys):",
        dashboard,
    )

    seconds = run_cron(session)
    time.sleep(1)
    end = {cluster: log_size(f"{cluster}.log") for cluster in ("primary", "replica")}
    cron = tally({c: (after[c], end[c]) for c in after}, "crm_success_scorecard")
    show(f"scorecard cron run by the cron worker ({seconds:.1f} s):", cron)
    for state, sync, lag in replication_state():
        say(f"replica: {state}, {sync}, replay lag {lag}")

    reads_on_replica = dashboard["replica", "read"]
    reads_on_primary = dashboard["primary", "read"] + dashboard["primary", "write"]
    writes_on_primary = cron["primary", "write"]
    checks = {
        "the dashboard's reads went to the replica": reads_on_replica > 0,
        "none of them to the primary": reads_on_primary == 0,
        "the cron's writes went to the primary": writes_on_primary > 0,
    }
    for what, ok in checks.items():
        say(f"{'ok  ' if ok else 'FAIL'} {what}")
    failed = list(checks.values()).count(False)
    # the summary line make test counts (scripts/run_tests.py)
    print(f"replica test: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
