"""Synthetic sales history loaded straight into PostgreSQL, for benchmarks.

``load(env, customers, orders)`` creates one template customer and one
template confirmed order through the ORM, then copies them with
``INSERT … SELECT generate_series`` (every column of the template, a few
overridden), so all NOT NULL columns of any installed module are filled.
Orders have no lines: ``amount_untaxed`` carries the amount. About one
customer in ten was referred by the customer created just before it. Order
dates are spread over the two years before today, customers are drawn with a
skew (a few buy often, many rarely). Reusable by other benchmarks, with the
benchmarks' database helpers (create, copy, upgrade, an environment).
Not collected by pytest (no ``test_`` prefix); needs ``scripts/`` on sys.path.
"""

import contextlib
import subprocess
import time

import psycopg2
from odoo_run import ROOT, drop_database, odoo_command, pg_connect
from psycopg2 import sql

BENCH_REF = "bench"


def create_database(name, module):
    """(Re)create the database ``name`` with ``module`` installed, no demo data."""
    drop_database(name)
    cmd = odoo_command(
        name,
        f"--init={module}",
        "--stop-after-init",
        "--without-demo=all",
        "--log-level=warn",
        "--max-cron-threads=0",
    )
    subprocess.run(cmd, cwd=ROOT, check=True)


def upgrade_database(name, modules, install=None):
    """Upgrade ``modules`` (comma-separated) on the database ``name`` to this
    checkout (every addon whose data model may have changed), so that
    data loaded by an earlier version serves the current one; ``install``
    (comma-separated) are installed in the same run."""
    cmd = odoo_command(
        name,
        f"--update={modules}",
        *([f"--init={install}", "--without-demo=all"] if install else []),
        "--stop-after-init",
        "--log-level=warn",
        "--max-cron-threads=0",
    )
    subprocess.run(cmd, cwd=ROOT, check=True)


def database_exists(name):
    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            cr.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            return bool(cr.fetchone())
    finally:
        conn.close()


def copy_database(source, target):
    drop_database(target)
    conn = pg_connect()  # autocommit: CREATE DATABASE refuses a transaction
    try:
        with conn.cursor() as cr:
            # FILE_COPY: the default strategy writes the whole copy to the WAL,
            # which PostgreSQL then flushes while the timings run
            strategy = " STRATEGY = FILE_COPY" if conn.server_version >= 150000 else ""
            cr.execute(f'CREATE DATABASE "{target}" TEMPLATE "{source}"{strategy}')
    finally:
        conn.close()


def checkpoint():
    """Flush PostgreSQL's dirty buffers before timing, so that the timings do
    not pay for the writes of the loading; skipped without the privilege."""
    conn = pg_connect()
    try:
        with conn.cursor() as cr:
            cr.execute("CHECKPOINT")
    except psycopg2.Error as exc:
        print(f"(no CHECKPOINT before the timings: {str(exc).strip()})")
    finally:
        conn.close()


@contextlib.contextmanager
def bench_env(database):
    """A superuser environment on ``database``, committed on exit."""
    import odoo
    from odoo import SUPERUSER_ID, api

    if not odoo.tools.config["db_name"]:
        # the same options as the odoo-bin command line (addons path, database)
        options = [arg for arg in odoo_command(database) if arg.startswith("--")]
        odoo.tools.config.parse_config(options)
    registry = odoo.modules.registry.Registry(database)
    with registry.cursor() as cr:
        yield api.Environment(cr, SUPERUSER_ID, {})
    odoo.sql_db.close_db(database)  # lets PostgreSQL copy the database


def _copy_rows(cr, table, template_id, count, overrides, pick="NULL"):
    """Insert `count` copies of row `template_id` of `table`; `overrides`
    maps column -> SQL expression, which may use ``g`` (the 1-based row
    number) and ``pick`` (the SQL expression `pick`, evaluated once a row)."""
    cr.execute(
        "SELECT column_name FROM information_schema.columns "
        "WHERE table_name = %s AND column_name <> 'id' ORDER BY ordinal_position",
        [table],
    )
    columns = [row[0] for row in cr.fetchall()]
    values = [
        sql.SQL(overrides[col])
        if col in overrides
        else sql.SQL("t.") + sql.Identifier(col)
        for col in columns
    ]
    cr.execute(
        sql.SQL(
            "INSERT INTO {table} ({columns}) SELECT {values} "
            "FROM {table} t, "
            "(SELECT g, {pick} AS pick FROM generate_series(1, %s) g) s "
            "WHERE t.id = %s"
        ).format(
            table=sql.Identifier(table),
            columns=sql.SQL(", ").join(map(sql.Identifier, columns)),
            values=sql.SQL(", ").join(values),
            pick=sql.SQL(pick),
        ),
        [count, template_id],
    )


def load(env, customers=100_000, orders=1_000_000):
    """Load the dataset; returns the timings of each step in seconds."""
    timings = {}
    company = env.company
    partner = env["res.partner"].create(
        {"name": "Bench template", "is_company": True, "ref": "bench-template"}
    )
    product = env["product.product"].create({"name": "Bench product"})
    order = env["sale.order"].create(
        {
            "partner_id": partner.id,
            "company_id": company.id,
            "order_line": [(0, 0, {"product_id": product.id, "price_unit": 1.0})],
        }
    )
    env.flush_all()
    cr = env.cr

    start = time.perf_counter()
    _copy_rows(
        cr,
        "res_partner",
        partner.id,
        customers,
        {
            "name": "'Bench customer ' || g",
            "complete_name": "'Bench customer ' || g",
            "ref": f"'{BENCH_REF}'",
            "email": "'bench' || g || '@example.com'",
        },
    )
    cr.execute(
        "UPDATE res_partner SET commercial_partner_id = id WHERE ref = %s", [BENCH_REF]
    )
    cr.execute("SELECT min(id), max(id) FROM res_partner WHERE ref = %s", [BENCH_REF])
    first_id, last_id = cr.fetchone()
    cr.execute(
        "UPDATE res_partner SET referred_by_id = id - 1 "
        "WHERE ref = %s AND id > %s AND id %% 10 = 0",
        [BENCH_REF, first_id],
    )
    timings["customers"] = time.perf_counter() - start

    start = time.perf_counter()
    partner_expr = (
        f"{first_id} + floor(power(random(), 2) * {last_id - first_id + 1})::int"
    )
    # 0.00 to 999.99, spread but reproducible, the same in both columns
    amount = "((g::bigint * 7919) %% 100000) / 100.0"
    _copy_rows(
        cr,
        "sale_order",
        order.id,
        orders,
        {
            "name": "'BENCH/' || g",
            "partner_id": "pick",
            "partner_invoice_id": "pick",
            "partner_shipping_id": "pick",
            "state": "'sale'",
            "date_order": "now() at time zone 'utc' - random() * interval '730 days'",
            "amount_untaxed": amount,
            "amount_total": amount,
            "currency_rate": "1.0",
        },
        pick=partner_expr,
    )
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE sale_order")
    timings["orders"] = time.perf_counter() - start
    start = time.perf_counter()
    # the orders came in SQL, behind the ORM: derive their purchases
    env["crm.lifecycle.purchase"]._rebuild_purchases()
    timings["purchases"] = time.perf_counter() - start
    env.invalidate_all()
    return timings
