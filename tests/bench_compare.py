"""Side-by-side benchmark: our KPIs, OCA mis_builder and hand-written SQL
(not collected by pytest).

On a copy of the benchmark dataset (``bench_scorecard.py --template`` keeps it
in ``crm_success_bench_data``), upgraded to this checkout and with OCA's
``mis_builder`` installed (requirements-dev.txt), three contenders compute the
15 KPIs both tools can express (``SHARED_KPIS``) for a month and the same
month last year, as a scorecard measures them:

- **ours**: each KPI record's ``compute_value`` for both periods within one
  ``kpis.shared_results`` block, as ``crm.success.scorecard`` does (without
  its per-line savepoints and line writes: the full scorecard run includes
  them);
- **mis_builder**: ``mis.report.instance.compute()`` (what its widget calls)
  of a report holding the same 15 KPIs, the two periods as columns, in the
  company's time zone: accounting expressions (``balp``) for the books, and
  ``mis.report.query`` for the other models, a count being the ``count`` of
  an aggregate ``sum`` query;
- **SQL floor**: hand-written SQL, one aggregate per data source (journal
  items, orders, leads, complaints, service contacts), both periods in it
  with ``FILTER`` clauses.

Each KPI is written once here, as a formula over named measures
(``SHARED_KPIS``): the floor evaluates it over its sums, mis_builder over its
expressions (``mis_measures``). The three must give the same 30 numbers, or
the script stops, printing the KPIs that differ. They run in one process, in
an order rotated each round, after one untimed round, the ORM cache emptied
before each run; PostgreSQL's JIT is off for all three (our scorecards switch
it off; with ``--server-jit`` mis_builder and the floor keep the server's
setting). Then the full monthly scorecard (every built-in KPI, both periods,
lines written) is timed warm, and the five customer KPIs alone.

With ``--small-database NAME`` the same is measured first on a freshly loaded
smaller dataset (bench_scorecard's loader; by default a tenth of each count of
the template, see ``--orders``, ``--customers``...), then the growth of each
timing from the small to the big dataset is printed: issue #11 wants the
customer KPIs to grow no faster than the orders.

    VENV=/path/to/venv $VENV/bin/python tests/bench_compare.py \
        --database NAME [--template crm_success_bench_data] [--rounds N] \
        [--month YYYY-MM] [--tz ZONE] [--server-jit] [--reuse] [--keep] \
        [--small-database NAME [--orders N] [--customers N] ...]

The results are printed as Markdown tables, with the machine they ran on, for
the Performance section of crm_success_metrics' README.
"""

import argparse
import contextlib
import math
import os
import platform
import re
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
from odoo_run import drop_database, pg_connect  # noqa: E402

ADDONS = "crm_lifecycle,crm_success_metrics"
MIS_REPORT_NAME = "CRM success benchmark (tests/bench_compare.py)"

# The 15 KPIs both tools compute, as formulas over the measures of the data
# sources; each is the built-in KPI of that code
# (crm_success_metrics/models/crm_success_kpi_*.py): ``ratio(n, d, 100)`` is
# ``100 * n / d``, without a value when d is 0.
SHARED_KPIS = {
    "invoiced_revenue": "revenue",
    "net_profit": "profit",
    "promotion_spend": "promotion",
    "promotion_spend_ratio": "100 * promotion / revenue",
    "service_cost": "service",
    "service_cost_per_contact": "service / handled",
    "sales_revenue": "order_amount",
    "orders_count": "orders",
    "average_order_value": "order_amount / orders",
    "leads_created": "leads",
    "win_rate": "100 * won / (won + lost)",
    "complaints_count": "complaints",
    "complaints_per_100_orders": "100 * complaints / orders",
    "abandonment_rate": "100 * abandoned / inbound",
    "avg_speed_of_answer": "wait / answered",
}
# Timed alone for the growth between two sizes (issue #11: they read the
# whole order history).
CUSTOMER_KPIS = (
    "new_customers",
    "active_customers",
    "customer_retention_rate",
    "churn_rate",
    "repeat_purchase_rate",
)
# The contenders of the 15 KPIs, then ours on the customer KPIs alone.
CONTENDERS = ("ours", "mis_builder", "floor", "customer KPIs")
LABELS = {
    "ours": "This addon",
    "mis_builder": "OCA mis_builder 18.0",
    "floor": "Hand-written SQL (the floor)",
    "customer KPIs": "Customer KPIs, this addon",
}
GROWTH_LABELS = {
    "ours": "15 shared KPIs, this addon",
    "mis_builder": "15 shared KPIs, mis_builder",
    "floor": "15 shared KPIs, floor",
    "customer KPIs": "Customer KPIs (target: growth ≤ 10)",
    "scorecard": "Full monthly scorecard",
}

# mis.report.query of the report: (name, model, date field, summed field,
# domain). A count is the ``count`` of an aggregate ``sum`` query, which needs
# a summed field: a stored numeric field of the model, unused when counting.
# ``{company}`` is the id of the measured company. mis_builder sums the
# orders' untaxed amounts in their own currency, where our sales KPIs convert
# them at the order's rate: the same on the benchmark data (one currency);
# the comparison of the values would stop the script otherwise.
MIS_QUERIES = (
    # the purchases of crm.lifecycle.purchase when the company's purchases
    # are its confirmed orders: ordered by a contact of the company or of
    # none (the company is the default one, see ``check_setup``)
    (
        "sale_orders",
        "sale.order",
        "date_order",
        "amount_untaxed",
        "[('state', '=', 'sale'), ('partner_id.company_id', 'in', [{company}, False])]",
    ),
    # archived leads included
    (
        "all_leads",
        "crm.lead",
        "create_date",
        "probability",
        "[('active', 'in', [True, False])]",
    ),
    (
        "won_opportunities",
        "crm.lead",
        "date_closed",
        "probability",
        "[('type', '=', 'opportunity'), ('active', '=', True),"
        " ('stage_id.is_won', '=', True)]",
    ),
    (
        "lost_opportunities",
        "crm.lead",
        "date_closed",
        "probability",
        "[('type', '=', 'opportunity'), ('active', '=', False),"
        " ('probability', '=', 0)]",
    ),
    ("received_complaints", "crm.complaint", "date_received", "resolution_hours", "[]"),
    (
        "inbound_contacts",
        "crm.service.contact",
        "queued_at",
        "wait_seconds",
        "[('direction', '=', 'inbound')]",
    ),
    (
        "answered_contacts",
        "crm.service.contact",
        "queued_at",
        "wait_seconds",
        "[('direction', '=', 'inbound'), ('answered_at', '!=', False)]",
    ),
    (
        "abandoned_contacts",
        "crm.service.contact",
        "queued_at",
        "wait_seconds",
        "[('direction', '=', 'inbound'), ('abandoned', '=', True)]",
    ),
    (
        "handled_contacts",
        "crm.service.contact",
        "queued_at",
        "wait_seconds",
        "[('abandoned', '=', False)]",
    ),
)


def mis_measures(setup):
    """{measure: mis_builder expression}; ``balp`` is debit - credit of the
    posted journal items of the period on the accounts selected."""
    return {
        "revenue": f"-balp[('account_type', 'in', {tuple(setup['income_types'])})]",
        "profit": f"-balp[('account_type', 'in', {tuple(setup['pnl_types'])})]",
        "promotion": f"balp[('tag_ids', 'in', ({setup['promotion_tag']},))]",
        "service": f"balp[('tag_ids', 'in', ({setup['service_tag']},))]",
        "handled": "handled_contacts.count",
        "order_amount": "sale_orders.amount_untaxed",
        "orders": "sale_orders.count",
        "leads": "all_leads.count",
        "won": "won_opportunities.count",
        "lost": "lost_opportunities.count",
        "complaints": "received_complaints.count",
        "abandoned": "abandoned_contacts.count",
        "inbound": "inbound_contacts.count",
        "wait": "answered_contacts.wait_seconds",
        "answered": "answered_contacts.count",
    }


def substitute(formula, expressions):
    """``formula`` with each measure replaced by its ``(expression)``."""
    return re.sub(r"[a-z_]+", lambda name: f"({expressions[name.group()]})", formula)


def evaluate(formula, measures):
    """The value of ``formula`` over ``measures`` ({name: number}); None when
    it divides by zero, as a KPI ratio without denominator."""
    try:
        return float(eval(formula, {"__builtins__": {}}, measures))  # our constants
    except ZeroDivisionError:
        return None


# ----------------------------------------------------------------------
# Databases
# ----------------------------------------------------------------------


def vacuum_analyze(database):
    """Fresh statistics and visibility maps, for every contender alike (the
    figures of issue #11 were measured after VACUUM ANALYZE)."""
    conn = pg_connect(database)  # autocommit: VACUUM refuses a transaction
    try:
        with conn.cursor() as cr:
            cr.execute("VACUUM ANALYZE")
    finally:
        conn.close()


def prepare_copy(database, template):
    """A copy of the template in ``database``, upgraded to this checkout,
    with mis_builder installed, vacuumed."""
    if not bench_data.database_exists(template):
        sys.exit(
            f"error: no database {template}: load it with"
            " tests/bench_scorecard.py --template"
        )
    bench_data.copy_database(template, database)
    bench_data.upgrade_database(database, ADDONS, install="mis_builder")
    vacuum_analyze(database)


def prepare_small(database, args):
    """A freshly loaded smaller dataset in ``database`` (bench_scorecard's
    loader), with mis_builder installed, vacuumed."""
    bench_data.create_database(database, "crm_success_metrics,mis_builder")
    bench_scorecard.load(argparse.Namespace(**dict(vars(args), database=database)))
    vacuum_analyze(database)


# ----------------------------------------------------------------------
# Setup of one database
# ----------------------------------------------------------------------


def check_setup(env, company):
    """The mis_builder report and the floor read the orders: refuse a
    configuration where our purchases are something else."""
    if company != env["res.company"]._lifecycle_default_company():
        sys.exit(f"error: {company.name} is not the default company")
    if company.lifecycle_purchase_source != "sale_order":
        sys.exit(f"error: the purchases of {company.name} are not its orders")


def accounting_setup(env):
    from odoo.addons.crm_success_metrics.models import crm_success_kpi_accounting

    tag = "crm_success_metrics.account_tag_{}".format
    return {
        "income_types": crm_success_kpi_accounting.INCOME_TYPES,
        "pnl_types": crm_success_kpi_accounting.PROFIT_AND_LOSS_TYPES,
        "promotion_tag": env.ref(tag("promotion_spend")).id,
        "service_tag": env.ref(tag("service_cost")).id,
    }


def create_mis_report(env, company, periods, setup):
    """The mis_builder report of the 15 KPIs and its instance over
    ``periods``, as a user would define them (replacing an earlier one)."""
    from odoo import Command

    earlier = env["mis.report"].search([("name", "=", MIS_REPORT_NAME)])
    env["mis.report.instance"].search([("report_id", "in", earlier.ids)]).unlink()
    earlier.unlink()

    def field(model, name):
        return env["ir.model.fields"]._get(model, name).id

    expressions = mis_measures(setup)
    report = env["mis.report"].create(
        {
            "name": MIS_REPORT_NAME,
            "query_ids": [
                Command.create(
                    {
                        "name": name,
                        "model_id": env["ir.model"]._get(model).id,
                        "date_field": field(model, date_field),
                        "field_ids": [Command.set([field(model, summed)])],
                        "aggregate": "sum",
                        "domain": domain.format(company=company.id),
                        "company_field_id": field(model, "company_id"),
                    }
                )
                for name, model, date_field, summed, domain in MIS_QUERIES
            ],
            "kpi_ids": [
                Command.create(
                    {
                        "name": code,
                        "description": code,
                        "expression": substitute(formula, expressions),
                        "type": "num",
                        "sequence": sequence,
                    }
                )
                for sequence, (code, formula) in enumerate(SHARED_KPIS.items())
            ],
        }
    )
    return env["mis.report.instance"].create(
        {
            "name": MIS_REPORT_NAME,
            "report_id": report.id,
            "company_id": company.id,
            "target_move": "posted",
            "comparison_mode": True,
            "period_ids": [
                Command.create(
                    {
                        "name": f"{date_from} - {date_to}",
                        "sequence": sequence,
                        "source": "actuals",
                        "mode": "fix",
                        "manual_date_from": date_from,
                        "manual_date_to": date_to,
                    }
                )
                for sequence, (date_from, date_to) in enumerate(periods)
            ],
        }
    )


def kpi_records(env, codes):
    """The built-in KPI records of ``codes``, in that order."""
    kpis = env["crm.success.kpi"].search([("code", "in", list(codes))])
    by_code = {kpi.code: kpi for kpi in kpis}
    missing = set(codes) - set(by_code)
    if missing:
        sys.exit(f"error: no KPI {', '.join(sorted(missing))}")
    return env["crm.success.kpi"].union(*(by_code[code] for code in codes))


# ----------------------------------------------------------------------
# The three contenders
# ----------------------------------------------------------------------


def measuring_env(env, periods):
    """The scorecard's memo, ``kpis.shared_results``, told the ``periods``
    measured, as ``crm.success.scorecard._compute_lines`` does."""
    from odoo.addons.crm_success_metrics.kpis import shared_results

    return shared_results(env, periods)


def compute_ours(env, kpis, periods, company):
    """{code: [value per period]}: ``compute_value`` of each KPI for each
    period, in a scorecard's order (a KPI, then its previous year)."""
    values = {}
    with measuring_env(env, periods) as shared_env:
        for kpi in kpis.with_env(shared_env):
            values[kpi.code] = [
                kpi.compute_value(date_from, date_to, company)["value"]
                for date_from, date_to in periods
            ]
    return values


def compute_mis(instance):
    """{code: [value per period]} of mis_builder's ``compute()``: a row per
    KPI (labelled with its description, which is its code), a cell per
    period."""
    data = instance.compute()
    return {
        row["label"]: [cell["val"] for cell in row["cells"]] for row in data["body"]
    }


def floor_source(env, periods, measures, source, **params):
    """One aggregate over ``source`` (SQL ``FROM … WHERE …`` of the rows of
    every period), each measure of ``measures`` ({name: (aggregate, [period
    condition per period])}) with a FILTER per period (``%(in_period)s``);
    ``params`` fill both. Returns [{measure: value}] per period."""
    from odoo.tools import SQL

    columns = [
        SQL(aggregate, in_period=conditions[index], **params)
        for index in range(len(periods))
        for aggregate, conditions in measures.values()
    ]
    env.cr.execute(
        SQL("SELECT %s FROM %s", SQL(", ").join(columns), SQL(source, **params))
    )
    row = [float(value) for value in env.cr.fetchone()]
    width = len(measures)
    return [
        dict(zip(measures, row[index * width : (index + 1) * width], strict=True))
        for index in range(len(periods))
    ]


def compute_floor(env, periods, company, setup):
    """{code: [value per period]} from hand-written SQL: one aggregate per
    source with both periods (FILTER), then the formulas of SHARED_KPIS."""
    from odoo.tools import SQL

    from odoo.addons.crm_lifecycle.engine.days import utc_bounds

    tz = company._lifecycle_tz()

    def days(column):  # [a date column within the period, per period]
        return [SQL(f"{column} BETWEEN %s AND %s", *bounds) for bounds in periods]

    def instants(column):  # [a UTC datetime column within the period's days]
        return [
            SQL(f"({column} >= %s AND {column} < %s)", *utc_bounds(*bounds, tz))
            for bounds in periods
        ]

    def any_of(*conditions):
        return SQL("(%s)", SQL(" OR ").join(c for group in conditions for c in group))

    journal, ordered, created, closed, received, queued = (
        days("aml.date"),
        instants("so.date_order"),
        instants("lead.create_date"),
        instants("lead.date_closed"),
        instants("complaint.date_received"),
        instants("contact.queued_at"),
    )
    inbound = "contact.direction = 'inbound'"
    answered = f"{inbound} AND contact.answered_at IS NOT NULL"
    in_period = "FILTER (WHERE %(in_period)s"
    company_id = company.id
    sources = (
        floor_source(
            env,
            periods,
            {
                "revenue": (
                    f"COALESCE(-SUM(aml.balance) {in_period}"
                    " AND account.account_type = ANY(%(income)s)), 0)",
                    journal,
                ),
                "profit": (
                    f"COALESCE(-SUM(aml.balance) {in_period}"
                    " AND account.account_type = ANY(%(pnl)s)), 0)",
                    journal,
                ),
                "promotion": (
                    f"COALESCE(SUM(aml.balance) {in_period} AND tags.promotion), 0)",
                    journal,
                ),
                "service": (
                    f"COALESCE(SUM(aml.balance) {in_period} AND tags.service), 0)",
                    journal,
                ),
            },
            "account_move_line aml"
            " JOIN account_account account ON account.id = aml.account_id"
            " LEFT JOIN (SELECT account_account_id,"
            " bool_or(account_account_tag_id = %(promotion)s) AS promotion,"
            " bool_or(account_account_tag_id = %(service)s) AS service"
            " FROM account_account_account_tag GROUP BY account_account_id) tags"
            " ON tags.account_account_id = account.id"
            " WHERE aml.company_id = %(company)s AND aml.parent_state = 'posted'"
            " AND %(in_any)s",
            income=setup["income_types"],
            pnl=setup["pnl_types"],
            promotion=setup["promotion_tag"],
            service=setup["service_tag"],
            company=company_id,
            in_any=any_of(journal),
        ),
        floor_source(
            env,
            periods,
            {
                "orders": (f"count(*) {in_period})", ordered),
                "order_amount": (
                    "COALESCE(SUM(so.amount_untaxed / CASE COALESCE(so.currency_rate,"
                    f" 0) WHEN 0 THEN 1.0 ELSE so.currency_rate END) {in_period}), 0)",
                    ordered,
                ),
            },
            # as the sale_orders query of mis_builder: a contact of the
            # company or of none (check_setup)
            "sale_order so JOIN res_partner partner ON partner.id = so.partner_id"
            " WHERE so.company_id = %(company)s AND so.state = 'sale'"
            " AND (partner.company_id = %(company)s OR partner.company_id IS NULL)"
            " AND %(in_any)s",
            company=company_id,
            in_any=any_of(ordered),
        ),
        floor_source(
            env,
            periods,
            {
                "leads": (f"count(*) {in_period})", created),
                "won": (
                    f"count(*) {in_period} AND lead.type = 'opportunity'"
                    " AND lead.active AND stage.is_won)",
                    closed,
                ),
                "lost": (
                    f"count(*) {in_period} AND lead.type = 'opportunity'"
                    " AND NOT lead.active AND lead.probability = 0)",
                    closed,
                ),
            },
            "crm_lead lead LEFT JOIN crm_stage stage ON stage.id = lead.stage_id"
            " WHERE lead.company_id = %(company)s AND %(in_any)s",
            company=company_id,
            in_any=any_of(created, closed),
        ),
        floor_source(
            env,
            periods,
            {"complaints": (f"count(*) {in_period})", received)},
            "crm_complaint complaint WHERE complaint.company_id = %(company)s"
            " AND %(in_any)s",
            company=company_id,
            in_any=any_of(received),
        ),
        floor_source(
            env,
            periods,
            {
                "inbound": (f"count(*) {in_period} AND {inbound})", queued),
                "answered": (f"count(*) {in_period} AND {answered})", queued),
                "wait": (
                    f"COALESCE(SUM(contact.wait_seconds) {in_period}"
                    f" AND {answered}), 0)",
                    queued,
                ),
                "abandoned": (
                    f"count(*) {in_period} AND {inbound} AND contact.abandoned)",
                    queued,
                ),
                "handled": (
                    f"count(*) {in_period} AND contact.abandoned IS NOT TRUE)",
                    queued,
                ),
            },
            "crm_service_contact contact WHERE contact.company_id = %(company)s"
            " AND %(in_any)s",
            company=company_id,
            in_any=any_of(queued),
        ),
    )
    measures = [{} for _period in periods]
    for source in sources:
        for index, values in enumerate(source):
            measures[index].update(values)
    return {
        code: [evaluate(formula, values) for values in measures]
        for code, formula in SHARED_KPIS.items()
    }


def jit_as_ours(env, server_jit):
    """JIT off, as our scorecards run, unless ``--server-jit``."""
    from odoo.addons.crm_lifecycle.tools import jit_off

    return contextlib.nullcontext() if server_jit else jit_off(env.cr)


def differences(values, periods):
    """[(code, period, ours, other contender, its value)] where mis_builder or
    the floor differ from ours: both without a value, or equal to a
    billionth (floating-point sums in another order)."""
    found = []
    for name in ("mis_builder", "floor"):
        for code in SHARED_KPIS:
            for index, bounds in enumerate(periods):
                ours = values["ours"][code][index]
                theirs = values[name].get(code, [None] * len(periods))[index]
                same = (ours is None and theirs is None) or (
                    ours is not None
                    and theirs is not None
                    and math.isclose(ours, theirs, rel_tol=1e-9, abs_tol=1e-6)
                )
                if not same:
                    found.append((code, bounds, ours, name, theirs))
    return found


def time_rounds(env, runs, rounds, periods):
    """Run each of ``runs`` ({name: callable}) once per round, the order
    rotated each round, after an untimed round; the ORM cache is emptied
    before each run. Stops when the contenders disagree. Returns ({name:
    [seconds]}, {name: queries of a run}, the values of the last round)."""
    names = list(runs)
    timings = {name: [] for name in names}
    queries = {}
    for round_ in range(rounds + 1):
        shift = round_ % len(names)
        values = {}
        for name in names[shift:] + names[:shift]:
            env.invalidate_all()
            before = env.cr.sql_log_count
            start = time.perf_counter()
            values[name] = runs[name]()
            elapsed = time.perf_counter() - start
            queries[name] = env.cr.sql_log_count - before
            if round_:
                timings[name].append(elapsed)
        wrong = differences(values, periods)
        if wrong:
            print("error: the contenders disagree (KPI, period, ours, other):")
            for code, bounds, ours, name, theirs in wrong:
                print(
                    f"  {code:<28} {bounds[0]}..{bounds[1]}  ours {ours!r}"
                    f"  {name} {theirs!r}"
                )
            sys.exit(1)
    return timings, queries, values


def time_scorecard(env, periods, runs):
    """Seconds of the monthly scorecard of the first period: [first run of
    the process, then ``runs`` warm runs], and the scorecard."""
    date_from, date_to = periods[0]
    seconds = []
    scorecard = env["crm.success.scorecard"]
    for _run in range(runs + 1):
        env.invalidate_all()
        start = time.perf_counter()
        if scorecard:
            scorecard.action_compute()
        else:
            scorecard = scorecard.compute_period(
                date_from, date_to, period_type="month"
            )
        env.flush_all()
        seconds.append(time.perf_counter() - start)
        env.cr.commit()
    return seconds, scorecard


def dataset_counts(env):
    """What the database holds (untimed), for the report and the growth."""
    queries = {
        "orders": "SELECT count(*) FROM sale_order WHERE state = 'sale'",
        "customers": "SELECT count(DISTINCT partner_id) FROM sale_order"
        " WHERE state = 'sale'",
        "leads": "SELECT count(*) FROM crm_lead",
        "complaints": "SELECT count(*) FROM crm_complaint",
        "service contacts": "SELECT count(*) FROM crm_service_contact",
        "journal items": "SELECT count(*) FROM account_move_line",
    }
    counts = {}
    for name, query in queries.items():
        env.cr.execute(query)
        counts[name] = env.cr.fetchone()[0]
    return counts


def measure(database, args):
    """Set up and time everything on ``database``; the results."""
    with bench_data.bench_env(database) as env:
        from odoo.addons.crm_success_metrics.engine import periods as engine

        company = env.company
        if args.tz:
            company.partner_id.tz = args.tz
        check_setup(env, company)
        if args.month:
            year, month = (int(part) for part in args.month.split("-"))
            current = engine.period_bounds(date(year, month, 1), "month")
        else:
            current = engine.previous_period(company._lifecycle_today(), "month")
        periods = [current, tuple(engine.shift_year_back(day) for day in current)]
        setup = accounting_setup(env)
        instance = create_mis_report(env, company, periods, setup)
        instance = instance.with_context(tz=company._lifecycle_tz())
        kpis = kpi_records(env, SHARED_KPIS)
        customer_kpis = kpi_records(env, CUSTOMER_KPIS)
        if not env["crm.success.objective"].search_count([]):
            bench_scorecard.create_objectives(env, engine.add_months(current[0], -5))
        results = {
            "database": database,
            "periods": periods,
            "tz": company._lifecycle_tz(),
            "counts": dataset_counts(env),
        }
        env.cr.commit()
        # first, while the caches only hold what loading and vacuuming left
        scorecard_seconds, scorecard = time_scorecard(env, periods, 0)

        def mis_builder():
            with jit_as_ours(env, args.server_jit):
                return compute_mis(instance)

        def floor():
            with jit_as_ours(env, args.server_jit):
                return compute_floor(env, periods, company, setup)

        runs = {
            "ours": lambda: compute_ours(env, kpis, periods, company),
            "mis_builder": mis_builder,
            "floor": floor,
            "customer KPIs": lambda: compute_ours(env, customer_kpis, periods, company),
        }
        timings, queries, values = time_rounds(env, runs, args.rounds, periods)
        warm, scorecard = time_scorecard(env, periods, args.rounds)
        errors = scorecard.line_ids.filtered(lambda line: line.status == "error")
        results.update(
            timings=timings,
            queries=queries,
            values=values["ours"],
            scorecard_first=scorecard_seconds[0],
            scorecard_warm=warm[1:],
            scorecard_kpis=len(scorecard.line_ids),
            scorecard_errors=[
                f"{line.kpi_id.code}: {line.error_message}" for line in errors
            ],
            settings=server_settings(env),
        )
        env.cr.commit()
    return results


# ----------------------------------------------------------------------
# Report
# ----------------------------------------------------------------------


def server_settings(env):
    env.cr.execute(
        "SELECT current_setting('server_version'), current_setting('jit'),"
        " current_setting('work_mem'), current_setting('shared_buffers')"
    )
    version, jit, work_mem, shared_buffers = env.cr.fetchone()
    mis = env["ir.module.module"].search([("name", "=", "mis_builder")])
    return {
        "postgresql": version,
        "jit": jit,
        "work_mem": work_mem,
        "shared_buffers": shared_buffers,
        "mis_builder": mis.installed_version,
    }


def machine():
    cpu = "unknown CPU"
    memory = ""
    with contextlib.suppress(OSError):
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                memory = f", {int(line.split()[1]) / 1024**2:.0f} GB RAM"
                break
    return f"{os.cpu_count()} × {cpu}{memory}, {platform.system()} {platform.release()}"


def shown(seconds):
    return f"{seconds * 1000:.0f} ms" if seconds < 1 else f"{seconds:.2f} s"


def table(header, rows):
    """A Markdown table, in the layout of the README's Performance section."""
    print()
    for row in [header, ["---"] * len(header), *rows]:
        print("| " + " | ".join(row) + " |")


def print_report(results, args):
    timings, queries = results["timings"], results["queries"]
    (month_from, month_to), (last_from, last_to) = results["periods"]
    counts = ", ".join(f"{value:,} {name}" for name, value in results["counts"].items())
    settings = results["settings"]
    jit = "the server's JIT setting" if args.server_jit else "JIT off"
    print()
    print(f"### {results['database']}: {counts}")
    print()
    print(
        f"Results on {machine()}, PostgreSQL {settings['postgresql']} (jit"
        f" {settings['jit']}, work_mem {settings['work_mem']}, shared_buffers"
        f" {settings['shared_buffers']}), mis_builder {settings['mis_builder']};"
        f" month {month_from}..{month_to} and the same month last year"
        f" ({results['tz']}), {args.rounds} rounds, order rotated,"
        f" {jit} for mis_builder and the floor:"
    )

    def spread(name):
        return [shown(min(timings[name])), shown(statistics.median(timings[name]))]

    def ratio(top, bottom):
        median = statistics.median
        return [
            f"{min(timings[top]) / min(timings[bottom]):.2f}×",
            f"{median(timings[top]) / median(timings[bottom]):.2f}×",
        ]

    table(
        ["15 shared KPIs, month + same month last year", "min", "median", "queries"],
        [
            [LABELS[name], *spread(name), str(queries[name])]
            for name in ("ours", "mis_builder", "floor")
        ]
        + [
            ["Ratio this addon / floor (target ≤ 1.2×)", *ratio("ours", "floor"), "–"],
            [
                "Ratio mis_builder / this addon (target ≥ 2×)",
                *ratio("mis_builder", "ours"),
                "–",
            ],
        ],
    )
    warm = results["scorecard_warm"]
    table(
        [
            f"Full monthly scorecard, all built-in KPIs ({results['scorecard_kpis']})",
            "first run",
            "warm min",
            "warm median",
        ],
        [
            [
                f"{results['counts']['orders']:,} orders (target ≤ 1.5 s warm)",
                shown(results["scorecard_first"]),
                shown(min(warm)),
                shown(statistics.median(warm)),
            ]
        ],
    )
    table(
        [
            "Customer KPIs alone, month + same month last year",
            "min",
            "median",
            "queries",
        ],
        [
            [
                LABELS["customer KPIs"],
                *spread("customer KPIs"),
                str(queries["customer KPIs"]),
            ]
        ],
    )
    print()
    print("The 15 shared KPIs, the same in all three:")
    table(
        ["KPI", f"{month_from}..{month_to}", f"{last_from}..{last_to}"],
        [
            [code, *(f"{value!r}" for value in values)]
            for code, values in results["values"].items()
        ],
    )
    if results["scorecard_errors"]:
        print()
        print("Scorecard lines in error:")
        for error in results["scorecard_errors"]:
            print(f"  {error}")


def print_growth(small, big):
    orders = [small["counts"]["orders"], big["counts"]["orders"]]
    print()
    print(
        f"### Growth from {orders[0]:,} to {orders[1]:,} confirmed orders"
        f" (× {orders[1] / orders[0]:.1f}), fastest run of each"
    )
    rows = [
        (GROWTH_LABELS[name], min(small["timings"][name]), min(big["timings"][name]))
        for name in CONTENDERS
    ]
    rows.append(
        (
            GROWTH_LABELS["scorecard"],
            min(small["scorecard_warm"]),
            min(big["scorecard_warm"]),
        )
    )
    table(
        ["What", f"{orders[0]:,} orders", f"{orders[1]:,} orders", "growth"],
        [
            [label, shown(before), shown(after), f"× {after / before:.1f}"]
            for label, before, after in rows
        ],
    )


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--database",
        default="crm_success_compare",
        help="the copy of the template measured (dropped unless --keep)",
    )
    parser.add_argument("--template", default=bench_scorecard.TEMPLATE_DB)
    parser.add_argument("--rounds", type=int, default=7)
    parser.add_argument(
        "--month", help="YYYY-MM measured (default: the last closed month)"
    )
    parser.add_argument(
        "--tz", help="set the company's time zone first (default: keep it)"
    )
    parser.add_argument(
        "--server-jit",
        action="store_true",
        help="mis_builder and the floor keep the server's JIT setting",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure the databases as they are when they exist (from --keep)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the databases")
    small = parser.add_argument_group(
        "two sizes",
        "--small-database NAME also measures a freshly loaded dataset of these"
        " sizes (default: a tenth of the template's) and prints the growth",
    )
    small.add_argument("--small-database")
    for option, default in (
        ("--customers", 10_000),
        ("--orders", 100_000),
        ("--leads", 20_000),
        ("--complaints", 5_000),
        ("--contacts", 20_000),
        ("--messages", 50_000),
        ("--survey-answers", 2_000),
        ("--employees", 500),
        ("--journal-items", 50_000),
    ):
        small.add_argument(option, type=int, default=default)
    args = parser.parse_args()

    sizes = [(args.small_database, True)] if args.small_database else []
    sizes.append((args.database, False))
    results = []
    try:
        for database, is_small in sizes:
            if not (args.reuse and bench_data.database_exists(database)):
                if is_small:
                    prepare_small(database, args)
                else:
                    prepare_copy(database, args.template)
            bench_data.checkpoint()
            results.append(measure(database, args))
            print_report(results[-1], args)
    finally:
        if not args.keep:
            for database, _is_small in sizes:
                drop_database(database)
    if len(results) == 2:
        print_growth(*results)


if __name__ == "__main__":
    main()
