"""Benchmark of crm_lifecycle's bulk computations (not collected by pytest).

Creates the database ``crm_lifecycle_bench`` with crm_lifecycle (no demo
data), loads 100,000 customers and 1,000,000 confirmed orders (see
bench_data.py), then times ``lifecycle_recompute_all()`` and
``crm.lifecycle.history.rebuild()`` and reports this process's peak memory.

    VENV=/path/to/venv $VENV/bin/python tests/bench_lifecycle.py \
        [--customers N] [--orders N] [--keep] [--reuse]

Targets on a 2-core machine: recompute <= 30 s, rebuild <= 120 s, <= 1 GB.
"""

import argparse
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

from odoo_run import drop_database, odoo_command  # noqa: E402

BENCH_DB = "crm_lifecycle_bench"


def create_database():
    drop_database(BENCH_DB)
    cmd = odoo_command(
        BENCH_DB,
        "--init=crm_lifecycle",
        "--stop-after-init",
        "--without-demo=all",
        "--log-level=warn",
        "--max-cron-threads=0",
    )
    subprocess.run(cmd, cwd=ROOT, check=True)


def peak_rss_mb():
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def run(customers, orders):
    import bench_data

    import odoo
    from odoo import SUPERUSER_ID, api

    # the same options as the odoo-bin command line (addons path, database)
    options = [arg for arg in odoo_command(BENCH_DB) if arg.startswith("--")]
    odoo.tools.config.parse_config(options)
    registry = odoo.modules.registry.Registry(BENCH_DB)
    results = {}
    with registry.cursor() as cr:
        env = api.Environment(cr, SUPERUSER_ID, {})
        results.update(bench_data.load(env, customers, orders))
        cr.commit()
        for name, call in (
            ("recompute", lambda: env["res.partner"].lifecycle_recompute_all()),
            (
                "recompute (no change)",
                lambda: env["res.partner"].lifecycle_recompute_all(),
            ),
            ("rebuild", lambda: env["crm.lifecycle.history"].rebuild()),
        ):
            start = time.perf_counter()
            call()
            env.flush_all()
            cr.commit()
            results[name] = time.perf_counter() - start
        cr.execute("SELECT count(*) FROM crm_lifecycle_history")
        results["history rows"] = cr.fetchone()[0]
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
    args = parser.parse_args()
    if not args.reuse:
        create_database()
    try:
        results = run(args.customers, args.orders)
    finally:
        if not args.keep:
            drop_database(BENCH_DB)
    print(f"crm_lifecycle benchmark: {args.customers} customers, {args.orders} orders")
    for name, value in results.items():
        shown = f"{value:.1f} s" if isinstance(value, float) else value
        print(f"  {name:<24} {shown}")
    print(f"  {'peak RSS':<24} {peak_rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
