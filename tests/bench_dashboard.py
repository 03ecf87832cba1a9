"""Benchmark of the success dashboard on the benchmark dataset (not
collected by pytest).

On a copy of the benchmark dataset (``bench_scorecard.py --template`` keeps
it in ``crm_success_bench_data``), upgraded to this checkout, creates one
objective per built-in KPI, computes the monthly scorecards of the last
``--months`` closed months (12 by default: the headline's trend), then times
what the dashboard's client action calls when it opens,
``crm.success.dashboard.get_dashboard_data``, and the objective chart's
``get_objective_chart_data``, each after emptying the ORM cache, and counts
their queries. Issue #12 wants the dashboard to open in under one second.

    VENV=/path/to/venv $VENV/bin/python tests/bench_dashboard.py \
        [--database NAME] [--template NAME] [--months N] [--rounds N] [--keep]
"""

import argparse
import statistics
import sys
import time
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import bench_data  # noqa: E402
import bench_scorecard  # noqa: E402
from odoo_run import drop_database  # noqa: E402

ADDONS = "crm_lifecycle,crm_success_metrics"


def compute_scorecards(env, months):
    """One objective per built-in KPI, live ``months`` months before the last
    closed one, and the scorecards of those months."""
    from odoo.addons.crm_success_metrics.engine import periods

    date_from, _date_to = periods.previous_period(date.today(), "month")
    first = periods.add_months(date_from, -(months - 1))
    bench_scorecard.create_objectives(env, first)
    for index in range(months):
        start = periods.add_months(first, index)
        env["crm.success.scorecard"].compute_period(
            *periods.period_bounds(start, "month"), period_type="month"
        )
        env.cr.commit()


def timed(env, call, rounds):
    """(min ms, median ms, queries) of ``call()``, the ORM cache emptied
    before each round, after one untimed round."""
    call()
    timings, queries = [], 0
    for _round in range(rounds):
        env.invalidate_all()
        before = env.cr.sql_log_count
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
        queries = env.cr.sql_log_count - before
    return min(timings), statistics.median(timings), queries


def measure(database, months, rounds):
    with bench_data.bench_env(database) as env:
        compute_scorecards(env, months)
        Dashboard = env["crm.success.dashboard"]
        objective = env["crm.success.objective"].search([], limit=1)
        objectives = env["crm.success.objective"].search_count([])
        results = {
            f"dashboard ({objectives} objectives, {months} months)": timed(
                env, Dashboard.get_dashboard_data, rounds
            ),
            "objective chart": timed(
                env, lambda: Dashboard.get_objective_chart_data(objective.id), rounds
            ),
        }
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--database", default="crm_success_bench_dashboard")
    parser.add_argument("--template", default=bench_scorecard.TEMPLATE_DB)
    parser.add_argument("--months", type=int, default=12)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    args = parser.parse_args()
    if not bench_data.database_exists(args.template):
        sys.exit(f"error: no database {args.template}: see bench_scorecard.py")
    bench_data.copy_database(args.template, args.database)
    try:
        bench_data.upgrade_database(args.database, ADDONS)
        print("| Dashboard call | min | median | queries |\n|---|---|---|---|")
        for name, (low, middle, queries) in measure(
            args.database, args.months, args.rounds
        ).items():
            print(f"| {name} | {low:.0f} ms | {middle:.0f} ms | {queries} |")
    finally:
        if not args.keep:
            drop_database(args.database)


if __name__ == "__main__":
    main()
