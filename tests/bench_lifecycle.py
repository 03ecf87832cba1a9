"""Benchmark of crm_lifecycle's bulk computations (not collected by pytest).

Creates the database ``crm_lifecycle_bench`` (or ``--database NAME``) with
crm_lifecycle (no demo data), loads 100,000 customers and 1,000,000 confirmed
orders (see bench_data.py), then times ``_lifecycle_recompute_all()`` and
``crm.lifecycle.history._rebuild()`` (and the daily portfolio refresh) and
reports this process's peak memory.

    VENV=/path/to/venv $VENV/bin/python tests/bench_lifecycle.py \
        [--customers N] [--orders N] [--keep] [--reuse] [--template] \
        [--database NAME] [--template-database NAME] [--profile DIR]

With ``--template`` the loaded data is kept in the database
``crm_lifecycle_bench_data`` (or ``--template-database NAME``) and later runs
start from a copy of it, upgraded to this checkout (``-u``), instead of
loading again: figures before and after a change come from the same data.
Drop that database when done. With ``--profile DIR`` each step is also run
under cProfile and its statistics are written to ``DIR/<step>.prof`` (the
timings then include the profiler's overhead).

Targets on a 2-core machine: recompute <= 30 s, rebuild <= 120 s, <= 1 GB.
"""

import argparse
import resource
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import bench_data  # noqa: E402
from odoo_run import drop_database  # noqa: E402

TEMPLATE_DB = "crm_lifecycle_bench_data"


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def load(database, customers, orders):
    with bench_data.bench_env(database) as env:
        return bench_data.load(env, customers, orders)


def timed(name, call, profile_dir):
    """Seconds ``call()`` takes (under cProfile with ``profile_dir``)."""
    profiler = None
    if profile_dir:
        import cProfile

        profiler = cProfile.Profile()
        profiler.enable()
    start = time.perf_counter()
    call()
    elapsed = time.perf_counter() - start
    if profiler:
        profiler.disable()
        slug = "".join(c if c.isalnum() else "_" for c in name).strip("_")
        profiler.dump_stats(str(Path(profile_dir) / f"{slug}.prof"))
    return elapsed


def measure(database, profile_dir=None):
    results = {}
    with bench_data.bench_env(database) as env:
        cr = env.cr
        for name, call in (
            ("recompute", lambda: env["res.partner"]._lifecycle_recompute_all()),
            (
                "recompute (no change)",
                lambda: env["res.partner"]._lifecycle_recompute_all(),
            ),
            ("rebuild", lambda: env["crm.lifecycle.history"]._rebuild()),
            (
                "portfolio refresh",
                lambda: env["res.partner"]._lifecycle_refresh_portfolio(),
            ),
        ):

            def step(call=call):
                call()
                env.flush_all()
                cr.commit()

            results[name] = timed(name, step, profile_dir)
        cr.execute("SELECT count(*) FROM crm_lifecycle_history")
        results["history rows"] = cr.fetchone()[0]
        cr.execute("SELECT count(*) FROM mail_message WHERE model = 'res.partner'")
        results["partner messages"] = cr.fetchone()[0]
        cr.execute(
            "SELECT s.code, count(*) FROM res_partner p "
            "JOIN crm_lifecycle_stage s ON s.id = p.lifecycle_stage_id "
            "WHERE p.id = p.commercial_partner_id GROUP BY s.code ORDER BY 2 DESC"
        )
        results["stages"] = dict(cr.fetchall())
    return results


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the existing database (crm_lifecycle installed, no bench data)",
    )
    parser.add_argument(
        "--template",
        action="store_true",
        help="start from (or save the loaded data in) the template database",
    )
    parser.add_argument(
        "--template-database",
        default=TEMPLATE_DB,
        help="the template database of --template (default: %(default)s)",
    )
    parser.add_argument(
        "--database",
        default="crm_lifecycle_bench",
        help="the database the benchmark creates and times (default: %(default)s)",
    )
    parser.add_argument(
        "--profile",
        metavar="DIR",
        help="also profile each step with cProfile into DIR/<step>.prof",
    )
    args = parser.parse_args()
    database = args.database
    if args.profile:
        Path(args.profile).mkdir(parents=True, exist_ok=True)
    results = {}
    template = args.template_database
    if args.template and bench_data.database_exists(template):
        bench_data.copy_database(template, database)
        bench_data.upgrade_database(database, "crm_lifecycle")
    else:
        if not args.reuse:
            bench_data.create_database(database, "crm_lifecycle")
        results.update(load(database, args.customers, args.orders))
        if args.template:
            bench_data.copy_database(database, template)
    try:
        bench_data.checkpoint()
        results.update(measure(database, args.profile))
    finally:
        if not args.keep:
            drop_database(database)
    print(f"crm_lifecycle benchmark: {args.customers} customers, {args.orders} orders")
    for name, value in results.items():
        shown = f"{value:.1f} s" if isinstance(value, float) else value
        print(f"  {name:<24} {shown}")
    print(f"  {'peak RSS':<24} {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
