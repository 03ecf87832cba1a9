"""Upgrade test: a database of the previous release upgrades to this checkout
with ``-u`` without losing a history row, a baseline or a locked scorecard line.

1. The previous release's addons are extracted from git (``git archive``).
2. A database is created with them (demo data, hr_contract), and an
   ``odoo shell`` step, written against the previous release, adds what an
   upgrade must keep: manual history rows, complaints (two with the same
   reference), a service contact, and a locked scorecard if the demo left none.
3. What must survive is read with SQL: the snapshot.
4. The addons are upgraded from this checkout; an ERROR in the log fails.
5. The snapshot, with the deliberate changes of the migrations applied (see
   ``expected``), is compared with the upgraded database, row by row by id;
   the modules must report the version of their manifest.

The database is dropped, pass or fail. ``scripts/run_tests.py`` (``make
test``) runs it and counts its checks; alone:

    .venv/bin/python scripts/upgrade_test.py
"""

import ast
import secrets
import signal
import subprocess
import sys
import tarfile
import tempfile
from pathlib import Path

from odoo_run import ROOT, drop_database, odoo_command, pg_connect
from psycopg2.extras import RealDictCursor
from run_tests import ODOO_PROBLEM, run_logged

# The last release (18.0.1.0.0, the last main that passed CI). Move it to
# the new release's commit once that one is released.
PREVIOUS_RELEASE = "48e6952"
RELEASED_ADDONS = ["crm_lifecycle", "crm_success_metrics"]

# What the upgrade must keep: one query per kind of row, run before and after
# the upgrade, rows compared by id. Only the columns that carry the evidence,
# so that new columns and tables do not matter; a migration that moves or
# renames one of these columns adapts its query here.
SNAPSHOT = {
    "history rows": """
        SELECT id, partner_id, date, stage_from_id, stage_to_id, reason
          FROM crm_lifecycle_history""",
    "objective baselines": """
        SELECT id, baseline_value, baseline_numerator, baseline_denominator,
               baseline_date_from, baseline_date_to, baseline_state,
               baseline_locked_by_id, baseline_locked_on, target_value
          FROM crm_success_objective""",
    "locked scorecards": """
        SELECT id, company_id, date_from, date_to, state, success_index,
               success_index_financial, success_index_customer,
               success_index_process, success_index_people
          FROM crm_success_scorecard
         WHERE state = 'locked'""",
    "locked scorecard lines": """
        SELECT l.id, l.scorecard_id, l.objective_id, l.kpi_id, l.value,
               l.numerator, l.denominator, l.baseline_value, l.target_value,
               l.previous_year_value, l.change_vs_baseline,
               l.change_vs_baseline_pct, l.progress_pct,
               l.expected_progress_pct, l.tolerance_pct, l.weight, l.status,
               l.p_value, l.significant
          FROM crm_success_scorecard_line l
          JOIN crm_success_scorecard s ON s.id = l.scorecard_id
         WHERE s.state = 'locked'""",
    "complaints": """
        SELECT id, company_id, name, partner_id, date_received, state
          FROM crm_complaint""",
    "service contacts": """
        SELECT id, company_id, partner_id, channel, queued_at, case_ref
          FROM crm_service_contact""",
}

# History reason codes a migration renamed (old -> new); none so far.
RENAMED_REASONS = {}

# Runs in `odoo shell` on the previous release: its own API only.
PREVIOUS_RELEASE_DATA = """
from datetime import timedelta

from odoo import fields

now = fields.Datetime.now()
customers = env["res.partner"].search(
    [("lifecycle_stage_id", "!=", False), ("is_company", "=", True)], limit=2
)
stages = env["crm.lifecycle.stage"].search([], order="sequence, id")
env["crm.lifecycle.history"].create(
    [
        {
            "partner_id": customer.id,
            "stage_from_id": stages[1].id,
            "stage_to_id": stages[2].id,
            "date": fields.Date.today() - timedelta(days=400 + n),
            "reason": "manual",
        }
        for n, customer in enumerate(customers)
    ]
)
env["crm.complaint"].create(
    [
        {"name": "UPGRADE-TWICE", "partner_id": customers[0].id},
        {"name": "UPGRADE-TWICE", "partner_id": customers[1].id},
        {"partner_id": customers[0].id},
    ]
)
env["crm.service.contact"].create(
    {
        "partner_id": customers[0].id,
        "channel": "phone",
        "queued_at": now - timedelta(hours=2),
        "answered_at": now - timedelta(minutes=119),
        "ended_at": now - timedelta(hours=1),
        "resolved": True,
        "case_ref": "UPGRADE-CASE",
    }
)
scorecards = env["crm.success.scorecard"]
if not scorecards.search([("state", "=", "locked")]):
    scorecards.search([("state", "=", "done")], limit=1).action_lock()
env.cr.commit()
print("previous release data added")
"""

# Without these in the snapshot the test would prove nothing.
REQUIRED = {
    "history rows": lambda rows: any(r["reason"] == "manual" for r in rows),
    "objective baselines": lambda rows: any(
        r["baseline_state"] == "locked" for r in rows
    ),
    "locked scorecards": bool,
    "locked scorecard lines": bool,
    "complaints": lambda rows: any(r["name"] == "UPGRADE-TWICE" for r in rows),
    "service contacts": lambda rows: any(r["case_ref"] == "UPGRADE-CASE" for r in rows),
}


def extract_previous_release(target):
    """Write the previous release's addons into the directory ``target``."""
    found = subprocess.run(
        ["git", "cat-file", "-e", f"{PREVIOUS_RELEASE}^{{commit}}"],
        cwd=ROOT,
        capture_output=True,
    )
    if found.returncode:
        sys.exit(
            f"error: the previous release {PREVIOUS_RELEASE} is not in this "
            "clone; the upgrade test needs the history (in a shallow clone: "
            "git fetch --unshallow)"
        )
    archive = target / "previous.tar"
    subprocess.run(
        ["git", "archive", f"--output={archive}", PREVIOUS_RELEASE, *RELEASED_ADDONS],
        cwd=ROOT,
        check=True,
    )
    with tarfile.open(archive) as tar:
        tar.extractall(target, filter="data")


def odoo(addons_dir, database, *args, subcommand=None, data_dir=None):
    """The Odoo command line, the repository's addons taken from addons_dir."""
    cmd = odoo_command(database, *args, subcommand=subcommand, data_dir=data_dir)
    option = "--addons-path="
    for i, arg in enumerate(cmd):
        if arg.startswith(option):
            paths = arg.removeprefix(option).split(",")
            paths = [str(addons_dir) if p == str(ROOT) else p for p in paths]
            cmd[i] = option + ",".join(paths)
    return cmd


def run_odoo(cmd, log_path, stdin=None):
    """Run Odoo; its ERROR lines and its failure as a list of problems."""
    if stdin is None:
        returncode = run_logged(cmd, log_path)
    else:
        proc = subprocess.run(
            cmd, input=stdin, capture_output=True, text=True, cwd=ROOT
        )
        Path(log_path).write_text(proc.stdout + proc.stderr)
        print(proc.stdout + proc.stderr)
        returncode = proc.returncode
    lines = Path(log_path).read_text().splitlines()
    problems = [line for line in lines if ODOO_PROBLEM.search(line)]
    if returncode:
        problems.append(f"Odoo exited with status {returncode}")
    return problems


def snapshot(database):
    """{entry of SNAPSHOT: {id: row as a dict}}, plus the modules' versions."""
    conn = pg_connect(database)
    try:
        with conn.cursor(cursor_factory=RealDictCursor) as cr:
            result = {}
            for name, query in SNAPSHOT.items():
                cr.execute(query)
                result[name] = {row["id"]: row for row in cr.fetchall()}
            cr.execute(
                "SELECT name, state, latest_version FROM ir_module_module "
                "WHERE name = ANY(%s)",
                [RELEASED_ADDONS],
            )
            result["versions"] = {
                row["name"]: (row["state"], row["latest_version"])
                for row in cr.fetchall()
            }
            return result
    finally:
        conn.close()


def manifest_versions():
    """{addon: ("installed", its version in this checkout)}"""
    return {
        name: (
            "installed",
            ast.literal_eval((ROOT / name / "__manifest__.py").read_text())["version"],
        )
        for name in RELEASED_ADDONS
    }


def expected(before):
    """The snapshot as the upgraded database must show it: the deliberate
    changes of the migrations applied, nothing else."""
    after = {
        name: {i: dict(row) for i, row in before[name].items()} for name in SNAPSHOT
    }
    # 18.0.2.0.0 pre-migrate: complaint references become unique per company,
    # a later complaint with a taken reference gets its id appended
    taken = set()
    for complaint_id, complaint in sorted(after["complaints"].items()):
        key = (complaint["company_id"], complaint["name"])
        if key in taken:
            complaint["name"] = f"{complaint['name']} ({complaint_id})"
        taken.add(key)
    for row in after["history rows"].values():
        row["reason"] = RENAMED_REASONS.get(row["reason"], row["reason"])
    after["versions"] = manifest_versions()
    return after


def compare(want, got):
    """[(check, problems)]: one check per SNAPSHOT entry, one for the versions."""
    checks = []
    for name in SNAPSHOT:
        problems = []
        for row_id, row in sorted(want[name].items()):
            found = got[name].get(row_id)
            if found is None:
                problems.append(f"{name}: id {row_id} lost: {row}")
            elif found != row:
                changes = {
                    k: (v, found.get(k)) for k, v in row.items() if found.get(k) != v
                }
                problems.append(f"{name}: id {row_id} changed (was, is): {changes}")
        checks.append((f"{name} kept ({len(want[name])})", problems))
    problems = [
        f"{name}: {got['versions'].get(name)}, expected {version}"
        for name, version in want["versions"].items()
        if got["versions"].get(name) != version
    ]
    checks.append(("modules at the version of their manifest", problems))
    return checks


def purchases_derived(database):
    """[(check, problems)]: the 18.0.3.0.0 table of purchases holds one row
    per confirmed order (every company's purchases are its orders here)."""
    conn = pg_connect(database)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT id FROM sale_order WHERE state = 'sale'")
            confirmed = {row[0] for row in cr.fetchall()}
            cr.execute(
                "SELECT order_id FROM crm_lifecycle_purchase WHERE order_id IS NOT NULL"
            )
            derived = [row[0] for row in cr.fetchall()]
            # 18.0.3.1.0: each purchase chained to the customer's previous and
            # next ones from the same company
            cr.execute(
                """
                SELECT count(*) FILTER (WHERE previous_date IS NOT NULL),
                       count(*) FILTER (WHERE (previous_date, next_date)
                           IS DISTINCT FROM (expected_previous, expected_next))
                  FROM (SELECT previous_date, next_date,
                               lag(date) OVER customer AS expected_previous,
                               lead(date) OVER customer AS expected_next
                          FROM crm_lifecycle_purchase WHERE is_purchase
                        WINDOW customer AS (PARTITION BY partner_id, company_id
                                                ORDER BY date, id)) chain
                """
            )
            chained, unchained = cr.fetchone()
    finally:
        conn.close()
    problems = []
    missing, extra = confirmed - set(derived), set(derived) - confirmed
    if missing:
        problems.append(f"confirmed orders without a purchase: {sorted(missing)}")
    if extra:
        problems.append(f"purchases of no confirmed order: {sorted(extra)}")
    if len(derived) != len(set(derived)):
        problems.append("an order has several purchase rows")
    if not confirmed:
        problems.append("no confirmed order to check")
    chain_problems = []
    if unchained:
        chain_problems.append(f"{unchained} purchases not chained to their neighbours")
    if not chained:
        chain_problems.append("no customer with two purchases to check")
    return [
        (f"purchases derived ({len(confirmed)} orders)", problems),
        (f"purchases chained ({chained} with a previous one)", chain_problems),
    ]


def scorecards_titled(database):
    """[(check, problems)]: from 18.0.2.2.0 a scorecard's title is its period
    ("November 2026"), no longer two dates around an arrow."""
    conn = pg_connect(database)
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT id, name FROM crm_success_scorecard")
            titles = cr.fetchall()
    finally:
        conn.close()
    problems = [
        f"scorecard {id_} is still titled {name!r}"
        for id_, name in titles
        if "→" in name
    ]
    if not titles:
        problems.append("no scorecard to check")
    return [(f"scorecards titled by their period ({len(titles)})", problems)]


def lines_progress_shown(database):
    """[(check, problems)]: from 18.0.2.2.0 each line with data has its
    progress bounded to -100 .. 200 % for display (progress_shown), and the
    mail of locked scorecards prints values in their unit."""
    conn = pg_connect(database)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT id, progress_pct, progress_shown"
                " FROM crm_success_scorecard_line"
                " WHERE status NOT IN ('no_data', 'error')"
            )
            lines = cr.fetchall()
            cr.execute(
                "SELECT t.body_html->>'en_US' FROM mail_template t"
                " JOIN ir_model_data d ON d.model = 'mail.template' AND d.res_id = t.id"
                " WHERE d.module = 'crm_success_metrics'"
                " AND d.name = 'mail_template_scorecard_locked'"
            )
            [body] = cr.fetchone()
    finally:
        conn.close()
    problems = [
        f"line {id_}: progress {exact} shown as {shown}"
        for id_, exact, shown in lines
        if abs(max(-100.0, min(200.0, exact or 0.0)) - (shown or 0.0)) > 1e-6
    ]
    if not lines:
        problems.append("no line with data to check")
    if "value_display" not in (body or ""):
        problems.append("the scorecard mail template was not reloaded")
    return [(f"lines' progress bounded, mail in units ({len(lines)})", problems)]


def run(workdir):
    """Set up the previous release, upgrade, compare: [(check, problems)]."""
    database = f"crm_success_upgrade_{secrets.token_hex(4)}"
    previous = Path(workdir) / "previous"
    previous.mkdir()
    extract_previous_release(previous)
    data_dir = f"{workdir}/data"
    try:
        install = odoo(
            previous,
            database,
            f"--init={','.join(RELEASED_ADDONS)},hr_contract",
            "--stop-after-init",
            "--log-level=warn",
            "--max-cron-threads=0",
            data_dir=data_dir,
        )
        problems = run_odoo(install, f"{workdir}/install.log")
        shell = odoo(previous, database, "--log-level=warn", subcommand="shell")
        if not problems:
            problems = run_odoo(shell, f"{workdir}/shell.log", PREVIOUS_RELEASE_DATA)
        if problems:
            return [(f"previous release {PREVIOUS_RELEASE} set up", problems)]
        before = snapshot(database)
        problems = [
            f"no {name} to check"
            for name, test in REQUIRED.items()
            if not test(list(before[name].values()))
        ]
        if before["versions"] == manifest_versions():
            problems.append(
                f"the previous release has this version: {before['versions']}"
            )
        checks = [(f"previous release {PREVIOUS_RELEASE} set up", problems)]
        upgrade = odoo(
            ROOT,
            database,
            f"--update={','.join(RELEASED_ADDONS)}",
            "--stop-after-init",
            "--log-level=warn",
            "--max-cron-threads=0",
            data_dir=data_dir,
        )
        checks.append(("upgrade without error", run_odoo(upgrade, f"{workdir}/up.log")))
        checks += compare(expected(before), snapshot(database))
        return (
            checks
            + purchases_derived(database)
            + scorecards_titled(database)
            + lines_progress_shown(database)
        )
    finally:
        drop_database(database)


def main():
    # SIGTERM (e.g. a CI timeout) unwinds like Ctrl-C, so the database is dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    with tempfile.TemporaryDirectory(prefix="crm-success-upgrade-") as workdir:
        checks = run(workdir)
    failed = 0
    for name, problems in checks:
        print(f"upgrade check {'FAILED' if problems else 'ok'}: {name}")
        for problem in problems[:20]:
            print(f"    {problem}")
        if len(problems) > 20:
            print(f"    ... and {len(problems) - 20} more")
        failed += bool(problems)
    print(f"upgrade test: {len(checks) - failed} passed, {failed} failed")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
