"""Benchmark of a monthly scorecard with every built-in KPI (not collected by pytest).

Creates the database ``crm_success_bench`` with crm_success_metrics (no demo
data), loads 100,000 customers and 1,000,000 confirmed orders (bench_data.py,
shared with the lifecycle benchmark), then 200,000 leads and opportunities,
50,000 complaints and two lifecycle transitions per customer, creates one
objective per built-in KPI and times the scorecard of the last closed month
(each KPI is measured twice: the period and the same period last year).

    VENV=/path/to/venv $VENV/bin/python tests/bench_scorecard.py \
        [--customers N] [--orders N] [--leads N] [--complaints N] [--keep]

Target on a 2-core machine: <= 10 s for the scorecard.
"""

import argparse
import subprocess
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import bench_data  # noqa: E402
from odoo_run import drop_database, odoo_command, pg_settings  # noqa: E402

BENCH_DB = "crm_success_bench"
# Deterministic spread of dates over the two years before today.
DAYS_AGO = "((g::bigint * 7919) %% 730) * interval '1 day'"


def create_database():
    drop_database(BENCH_DB)
    cmd = odoo_command(
        BENCH_DB,
        "--init=crm_success_metrics",
        "--stop-after-init",
        "--without-demo=all",
        "--log-level=warn",
        "--max-cron-threads=0",
    )
    subprocess.run(cmd, cwd=ROOT, check=True)


def bench_customers(cr):
    cr.execute(
        "SELECT min(id), max(id) FROM res_partner WHERE ref = %s",
        [bench_data.BENCH_REF],
    )
    return cr.fetchone()


def spread_customer(cr):
    """SQL expression: a bench customer chosen from the row number g."""
    first_id, last_id = bench_customers(cr)
    return f"{first_id} + (g::bigint * 104729) %% {last_id - first_id + 1}"


def load_leads(env, count):
    """Leads: 40 % won, 20 % lost, the rest open; closed 0-59 days after creation."""
    customer = spread_customer(env.cr)
    won = env["crm.stage"].create({"name": "Bench won", "is_won": True})
    template = env["crm.lead"].create(
        {"name": "Bench lead", "type": "opportunity", "company_id": env.company.id}
    )
    env.flush_all()
    created = f"now() at time zone 'utc' - {DAYS_AGO}"
    outcome = "g %% 5"
    bench_data._copy_rows(
        env.cr,
        "crm_lead",
        template.id,
        count,
        {
            "name": "'Bench lead ' || g",
            "partner_id": customer,
            "create_date": created,
            "stage_id": f"CASE WHEN {outcome} < 2 THEN {won.id} ELSE t.stage_id END",
            "active": f"{outcome} <> 2",
            "probability": f"CASE WHEN {outcome} < 2 THEN 100 WHEN {outcome} = 2"
            " THEN 0 ELSE t.probability END",
            "date_closed": f"CASE WHEN {outcome} < 3 THEN {created}"
            " + ((g::bigint * 31) %% 60) * interval '1 day' END",
        },
    )


def load_complaints(env, count):
    """Complaints: a quarter new, the rest resolved 0-95 hours after receipt."""
    first_id, _last_id = bench_customers(env.cr)
    customer = spread_customer(env.cr)
    template = env["crm.complaint"].create(
        {"partner_id": first_id, "company_id": env.company.id}
    )
    env.flush_all()
    received = f"now() at time zone 'utc' - {DAYS_AGO}"
    resolved = "g %% 4 <> 0"
    bench_data._copy_rows(
        env.cr,
        "crm_complaint",
        template.id,
        count,
        {
            "name": "'BENCH-C/' || g",
            "partner_id": customer,
            "commercial_partner_id": customer,
            "date_received": received,
            "state": f"CASE WHEN {resolved} THEN 'resolved' ELSE 'new' END",
            "resolution": f"CASE WHEN {resolved} THEN 'Done' END",
            "date_resolved": f"CASE WHEN {resolved} THEN {received}"
            " + ((g::bigint * 13) %% 96) * interval '1 hour' END",
        },
    )


def load_history(env):
    """Two lifecycle transitions per bench customer, to stages in turn."""
    first_id, last_id = bench_customers(env.cr)
    stages = env["crm.lifecycle.stage"].search([], order="id")
    template = env["crm.lifecycle.history"].create(
        {
            "partner_id": first_id,
            "stage_to_id": stages[0].id,
            "date": date.today(),
            "reason": "manual",
        }
    )
    env.flush_all()
    customers = last_id - first_id + 1
    stage_ids = ",".join(str(stage_id) for stage_id in stages.ids)
    bench_data._copy_rows(
        env.cr,
        "crm_lifecycle_history",
        template.id,
        2 * customers,
        {
            "partner_id": f"{first_id} + (g - 1) %% {customers}",
            "stage_to_id": f"(ARRAY[{stage_ids}])[1 + g %% {len(stages)}]",
            "date": f"current_date - {DAYS_AGO}",
        },
    )
    env.cr.execute("ANALYZE crm_lead")
    env.cr.execute("ANALYZE crm_complaint")
    env.cr.execute("ANALYZE crm_lifecycle_history")


def create_objectives(env, go_live):
    from odoo.addons.crm_success_metrics.kpis import HANDLERS

    kpis = env["crm.success.kpi"].search([("handler", "in", list(HANDLERS))])
    env["crm.success.objective"].create(
        [
            {
                "name": kpi.name,
                "kpi_id": kpi.id,
                "go_live_date": go_live,
                "baseline_value": 1.0,
                "target_value": 2.0 if kpi.direction == "up" else 0.5,
                "target_date": date(go_live.year + 1, go_live.month, 1),
            }
            for kpi in kpis
        ]
    )
    return kpis


def run(args):
    import odoo
    from odoo import SUPERUSER_ID, api

    settings = pg_settings()
    addons_path = next(
        arg for arg in odoo_command(BENCH_DB) if arg.startswith("--addons-path=")
    )
    odoo.tools.config.parse_config(
        [addons_path, f"--db_host={settings['host']}", f"--db_port={settings['port']}"]
    )
    from odoo.addons.crm_success_metrics.engine import periods

    registry = odoo.modules.registry.Registry(BENCH_DB)
    results = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        results.update(bench_data.load(env, args.customers, args.orders))
        for name, load in (
            ("leads", lambda: load_leads(env, args.leads)),
            ("complaints", lambda: load_complaints(env, args.complaints)),
            ("history", lambda: load_history(env)),
        ):
            start = time.perf_counter()
            load()
            results[name] = time.perf_counter() - start
        today = date.today()
        date_from, date_to = periods.previous_period(today, "month")
        kpis = create_objectives(env, periods.add_months(date_from, -5))
        cr.commit()
        env.invalidate_all()
        start = time.perf_counter()
        scorecard = env["crm.success.scorecard"].compute_period(
            date_from, date_to, period_type="month"
        )
        env.flush_all()
        results["scorecard"] = time.perf_counter() - start
        results["lines in error"] = len(
            scorecard.line_ids.filtered(lambda line: line.status == "error")
        )
        cr.commit()
        # each KPI alone, outside a scorecard: no shared queries, JIT as configured
        results["each KPI alone"] = ""
        for kpi in kpis:
            start = time.perf_counter()
            value = kpi.compute_value(date_from, date_to, env.company)["value"]
            elapsed = time.perf_counter() - start
            results[f"  {kpi.code}"] = f"{elapsed:.2f} s (value {value})"
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--leads", type=int, default=200_000)
    parser.add_argument("--complaints", type=int, default=50_000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    create_database()
    try:
        results = run(args)
    finally:
        if not args.keep:
            drop_database(BENCH_DB)
    print(
        f"crm_success_metrics benchmark: {args.customers} customers, {args.orders}"
        f" orders, {args.leads} leads, {args.complaints} complaints"
    )
    for name, value in results.items():
        shown = f"{value:.1f} s" if isinstance(value, float) else value
        print(f"  {name:<32} {shown}")


if __name__ == "__main__":
    main()
