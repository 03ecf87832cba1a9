"""Benchmark of a monthly scorecard with every built-in KPI (not collected by pytest).

Creates the database ``crm_success_bench`` with crm_success_metrics (no demo
data), loads 100,000 customers and 1,000,000 confirmed orders (bench_data.py,
shared with the lifecycle benchmark), then 200,000 leads and opportunities,
50,000 complaints, two lifecycle transitions per customer, 200,000 service
contacts, 500,000 chatter messages on the leads (customer e-mails and internal
replies), 20,000 completed survey answers to an NPS and a CSAT question,
5,000 employees and 500,000 posted journal items, then the other evidence
sources, each by its ``tests/bench_sources_<name>.py`` (campaigns and their
costs, channels and escalations, ...; ``--sources-scale``), creates one
objective per built-in KPI and times the scorecard of the last closed month
(each KPI is measured twice: the period and the same period last year), then
each KPI alone. Every addon of the repository is installed, bridges and their
apps included.

    VENV=/path/to/venv $VENV/bin/python tests/bench_scorecard.py \
        [--customers N] [--orders N] [--leads N] [--complaints N] \
        [--contacts N] [--messages N] [--survey-answers N] [--employees N] \
        [--journal-items N] [--keep] [--template] [--database NAME]

With ``--template`` the loaded data (without the objectives) is kept in the
database ``crm_success_bench_data`` and later runs start from a copy of it,
upgraded to this checkout (``-u``), instead of loading again: figures before
and after a change come from the same data. Drop that database when done.
``--database`` names the benchmark database (``crm_success_bench`` by
default), so that several checkouts can run from the same template at once.

Target on a 2-core machine: <= 10 s for the scorecard.
"""

import argparse
import importlib
import sys
import time
from datetime import date, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

import bench_data  # noqa: E402
from odoo_run import ADDONS, drop_database  # noqa: E402

BENCH_DB = "crm_success_bench"
TEMPLATE_DB = "crm_success_bench_data"
# Deterministic spread of dates over the two years before today.
DAYS_AGO = "((g::bigint * 7919) %% 730) * interval '1 day'"


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


def load_service_contacts(env, count):
    """Contacts: 4 in 5 inbound; 1 inbound in 10 abandoned, the rest answered
    after 0-59 s; 1 in 3 resolved, two thirds of those at the first contact;
    cases of about three contacts each."""
    customer = spread_customer(env.cr)
    template = env["crm.service.contact"].create(
        {"queued_at": datetime.now(), "company_id": env.company.id}
    )
    env.flush_all()
    queued = (
        f"now() at time zone 'utc' - {DAYS_AGO} - (g %% 86400) * interval '1 second'"
    )
    wait = "((g::bigint * 37) %% 60)"
    abandoned = "g %% 10 = 1"
    answered = f"NOT ({abandoned})"
    bench_data._copy_rows(
        env.cr,
        "crm_service_contact",
        template.id,
        count,
        {
            "channel": "(ARRAY['phone', 'chat', 'email', 'web_form'])[1 + g %% 4]",
            "direction": "CASE WHEN g %% 5 = 0 THEN 'outbound' ELSE 'inbound' END",
            "partner_id": customer,
            "queued_at": queued,
            "answered_at": f"CASE WHEN {answered} THEN {queued}"
            f" + {wait} * interval '1 second' END",
            "ended_at": f"{queued} + ({wait} + 300) * interval '1 second'",
            "abandoned": abandoned,
            "resolved": f"{answered} AND g %% 3 = 0",
            "first_contact_resolution": f"{answered} AND g %% 9 IN (0, 3)",
            "case_ref": "'BENCH-CASE/' || g / 3",
            "wait_seconds": f"CASE WHEN {answered} THEN {wait} ELSE {wait} + 300 END",
            "handle_seconds": f"CASE WHEN {answered} THEN 300 ELSE 0 END",
        },
    )
    env.cr.execute("ANALYZE crm_service_contact")


def load_messages(env, count):
    """Chatter of the bench leads in pairs: a customer e-mail, then (4 pairs in
    5) an internal user's reply 0-47 hours later, else a second e-mail."""
    env.cr.execute(
        "SELECT min(id), max(id) FROM crm_lead WHERE name LIKE 'Bench lead%%'"
    )
    first_lead, last_lead = env.cr.fetchone()
    first_id, last_id = bench_customers(env.cr)
    template = env["mail.message"].create(
        {
            "model": "crm.lead",
            "res_id": first_lead,
            "message_type": "email",
            "author_id": first_id,
            "body": "Bench e-mail",
            "record_company_id": env.company.id,
        }
    )
    env.flush_all()
    pair = "(g + 1) / 2"
    reply = f"g %% 2 = 0 AND {pair} %% 5 <> 0"
    received = (
        f"now() at time zone 'utc'"
        f" - (({pair}::bigint * 7919) %% 730) * interval '1 day'"
    )
    delay = f"(({pair}::bigint * 13) %% 48) * interval '1 hour'"
    leads = last_lead - first_lead + 1
    customers = last_id - first_id + 1
    bench_data._copy_rows(
        env.cr,
        "mail_message",
        template.id,
        count,
        {
            "res_id": f"{first_lead} + ({pair}::bigint * 7) %% {leads}",
            "message_type": f"CASE WHEN {reply} THEN 'comment' ELSE 'email' END",
            "subtype_id": str(env.ref("mail.mt_comment").id),
            "is_internal": "FALSE",
            "author_id": f"CASE WHEN {reply} THEN {env.user.partner_id.id}"
            f" ELSE {first_id} + ({pair}::bigint * 104729) %% {customers} END",
            "date": f"{received} + CASE WHEN g %% 2 = 0 THEN {delay}"
            " ELSE interval '0' END",
            "message_id": "'<bench-' || g || '@example.com>'",
        },
    )
    env.cr.execute("ANALYZE mail_message")


def load_surveys(env, count):
    """A survey with an NPS (0-10) and a CSAT (1-5) question, set on the
    company, and `count` completed answers to both, spread over two years."""
    survey = env["survey.survey"].create(
        {
            "title": "Bench survey",
            "question_and_page_ids": [
                (
                    0,
                    0,
                    {
                        "title": title,
                        "question_type": "scale",
                        "scale_min": low,
                        "scale_max": high,
                    },
                )
                for title, low, high in (("NPS", 0, 10), ("CSAT", 1, 5))
            ],
        }
    )
    nps, csat = survey.question_ids.sorted("scale_min")
    env.company.write(
        {"crm_success_nps_question_id": nps.id, "crm_success_csat_question_id": csat.id}
    )
    first_id, _last_id = bench_customers(env.cr)
    answer = env["survey.user_input"].create(
        {"survey_id": survey.id, "partner_id": first_id, "state": "done"}
    )
    line = env["survey.user_input.line"].create(
        {
            "user_input_id": answer.id,
            "question_id": nps.id,
            "answer_type": "scale",
            "value_scale": 10,
        }
    )
    env.flush_all()
    bench_data._copy_rows(
        env.cr,
        "survey_user_input",
        answer.id,
        count,
        {
            "partner_id": spread_customer(env.cr),
            "access_token": "'bench-' || g",
            "end_datetime": f"now() at time zone 'utc' - {DAYS_AGO}",
        },
    )
    env.cr.execute("SELECT max(id) - %s FROM survey_user_input", [count])
    before = env.cr.fetchone()[0]
    for question, value in (
        (nps, "(g::bigint * 7) %% 11"),
        (csat, "1 + (g::bigint * 3) %% 5"),
    ):
        bench_data._copy_rows(
            env.cr,
            "survey_user_input_line",
            line.id,
            count,
            {
                "user_input_id": f"{before} + g",
                "question_id": str(question.id),
                "value_scale": value,
            },
        )
    env.cr.execute("ANALYZE survey_user_input")
    env.cr.execute("ANALYZE survey_user_input_line")


def load_employees(env, count):
    """Employees hired over ten years; one in five has left since (reasons in
    turn), within three years of the hire and not after today."""
    reasons = env["hr.departure.reason"].search([], order="id")
    template = env["hr.employee"].create(
        {"name": "Bench employee", "company_id": env.company.id}
    )
    env.flush_all()
    hired = "current_date - ((g * 7919) %% 3650)"
    left = f"LEAST(current_date, {hired} + (g * 31) %% 1095)"
    reason_ids = ",".join(str(reason_id) for reason_id in reasons.ids)
    bench_data._copy_rows(
        env.cr,
        "hr_employee",
        template.id,
        count,
        {
            "hire_date": hired,
            "departure_date": f"CASE WHEN g %% 5 = 0 THEN {left} END",
            "departure_reason_id": f"CASE WHEN g %% 5 = 0 THEN"
            f" (ARRAY[{reason_ids}])[1 + g / 5 %% {len(reasons)}] END",
            "active": "g %% 5 <> 0",
        },
    )
    env.cr.execute("ANALYZE hr_employee")


def load_journal_items(env, count):
    """Posted journal items on three bench accounts, spread over two years:
    half income (credit), a quarter promotion spend, a quarter service cost
    (debit), all copied into one posted entry (its balance is not checked)."""
    tag = "crm_success_metrics.account_tag_{}".format
    accounts = env["account.account"].create(
        [
            {"name": "Bench sales", "code": "BENCH700", "account_type": "income"},
            {
                "name": "Bench promotion",
                "code": "BENCH610",
                "account_type": "expense",
                "tag_ids": [(6, 0, env.ref(tag("promotion_spend")).ids)],
            },
            {
                "name": "Bench service",
                "code": "BENCH620",
                "account_type": "expense",
                "tag_ids": [(6, 0, env.ref(tag("service_cost")).ids)],
            },
        ]
    )
    journal = env["account.journal"].create(
        {"name": "Bench", "code": "BNCH", "type": "general"}
    )
    move = env["account.move"].create(
        {
            "journal_id": journal.id,
            "line_ids": [
                (0, 0, {"account_id": accounts[0].id, "name": "Bench", "credit": 1}),
                (0, 0, {"account_id": accounts[1].id, "name": "Bench", "debit": 1}),
            ],
        }
    )
    move.action_post()
    env.flush_all()
    amount = "((g::bigint * 7919) %% 100000) / 100.0"
    income = "g %% 2 = 0"
    balance = f"CASE WHEN {income} THEN -{amount} ELSE {amount} END"
    account_ids = ",".join(str(account_id) for account_id in accounts.ids)
    bench_data._copy_rows(
        env.cr,
        "account_move_line",
        move.line_ids[0].id,
        count,
        {
            "account_id": f"(ARRAY[{account_ids}])[1 + CASE WHEN {income} THEN 0"
            " ELSE 1 + g / 2 %% 2 END]",
            "date": f"current_date - {DAYS_AGO}",
            "debit": f"CASE WHEN {income} THEN 0 ELSE {amount} END",
            "credit": f"CASE WHEN {income} THEN {amount} ELSE 0 END",
            "balance": balance,
            "amount_currency": balance,
            "amount_residual": "0",
            "amount_residual_currency": "0",
        },
    )
    env.cr.execute("ANALYZE account_move_line")


def create_objectives(env, go_live):
    """One objective per built-in KPI, or those of an earlier run on a kept
    database (``--measure-only``)."""
    objectives = env["crm.success.objective"].search([])
    if objectives:
        return objectives
    kpis = env["crm.success.kpi"].search([("source", "=", "builtin")])
    # the KPIs per value proposition measure one (bench_sources_propositions)
    proposition = env["crm.value.proposition"].search([], limit=1)
    return env["crm.success.objective"].create(
        [
            {
                "name": kpi.name,
                "kpi_id": kpi.id,
                "value_proposition_id": kpi.per_value_proposition and proposition.id,
                "go_live_date": go_live,
                "baseline_value": 1.0,
                "target_value": 2.0 if kpi.direction == "up" else 0.5,
                "target_date": date(go_live.year + 1, go_live.month, 1),
            }
            for kpi in kpis
        ]
    )


def load(args):
    """Load the dataset into the benchmark database; the timings of each step."""
    with bench_data.bench_env(args.database) as env:
        results = bench_data.load(env, args.customers, args.orders)
        for name, step in (
            ("leads", lambda: load_leads(env, args.leads)),
            ("complaints", lambda: load_complaints(env, args.complaints)),
            ("history", lambda: load_history(env)),
            ("service contacts", lambda: load_service_contacts(env, args.contacts)),
            ("messages", lambda: load_messages(env, args.messages)),
            ("survey answers", lambda: load_surveys(env, args.survey_answers)),
            ("employees", lambda: load_employees(env, args.employees)),
            ("journal items", lambda: load_journal_items(env, args.journal_items)),
        ):
            start = time.perf_counter()
            step()
            results[name] = time.perf_counter() - start
    return results


def load_sources(database, scale):
    """Load the other evidence sources (campaigns, channels...), each by its
    ``tests/bench_sources_<name>.py``; the timings of each. They are loaded
    after the template's data, into the benchmark database only, so that a
    template made before them serves."""
    results = {}
    for path in sorted((ROOT / "tests").glob("bench_sources_*.py")):
        with bench_data.bench_env(database) as env:
            start = time.perf_counter()
            importlib.import_module(path.stem).load(env, scale)
            results[path.stem.removeprefix("bench_sources_")] = (
                time.perf_counter() - start
            )
    return results


def measure(database):
    """Time the scorecard of the last closed month, then each KPI alone."""
    results = {}
    with bench_data.bench_env(database) as env:
        from odoo.addons.crm_success_metrics.engine import periods

        cr = env.cr
        today = date.today()
        date_from, date_to = periods.previous_period(today, "month")
        objectives = create_objectives(env, periods.add_months(date_from, -5))
        # a kept database's scorecards of an earlier run: computed afresh
        cr.execute("DELETE FROM crm_success_scorecard")
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
        for objective in objectives:
            # as the objective measures it (per value proposition...)
            kpi = objective._measured_kpi()
            start = time.perf_counter()
            value = kpi.compute_value(date_from, date_to, env.company)["value"]
            elapsed = time.perf_counter() - start
            results[f"  {kpi.code}"] = f"{elapsed:.2f} s (value {value})"
    return results


def print_results(args, results):
    print(
        f"crm_success_metrics benchmark: {args.customers} customers, {args.orders}"
        f" orders, {args.leads} leads, {args.complaints} complaints,"
        f" {args.contacts} service contacts, {args.messages} messages,"
        f" {args.survey_answers} survey answers, {args.employees} employees,"
        f" {args.journal_items} journal items"
    )
    for name, value in results.items():
        shown = f"{value:.1f} s" if isinstance(value, float) else value
        print(f"  {name:<32} {shown}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--customers", type=int, default=100_000)
    parser.add_argument("--orders", type=int, default=1_000_000)
    parser.add_argument("--leads", type=int, default=200_000)
    parser.add_argument("--complaints", type=int, default=50_000)
    parser.add_argument("--contacts", type=int, default=200_000)
    parser.add_argument("--messages", type=int, default=500_000)
    parser.add_argument("--survey-answers", type=int, default=20_000)
    parser.add_argument("--employees", type=int, default=5_000)
    parser.add_argument("--journal-items", type=int, default=500_000)
    parser.add_argument(
        "--sources-scale",
        type=float,
        default=1.0,
        help="scale of the other evidence sources (1.0: sized for 1M orders)",
    )
    parser.add_argument("--keep", action="store_true", help="keep the database")
    parser.add_argument(
        "--measure-only",
        action="store_true",
        help="measure the database kept by an earlier run (--keep), load nothing",
    )
    parser.add_argument(
        "--template",
        action="store_true",
        help=f"start from (or save the loaded data in) the database {TEMPLATE_DB}",
    )
    parser.add_argument(
        "--database",
        default=BENCH_DB,
        help=f"name of the benchmark database (default {BENCH_DB})",
    )
    args = parser.parse_args()
    results = {}
    if args.measure_only:
        bench_data.checkpoint()
        results.update(measure(args.database))
        print_results(args, results)
        return
    if args.template and bench_data.database_exists(TEMPLATE_DB):
        bench_data.copy_database(TEMPLATE_DB, args.database)
        # the addons of this checkout, bridges (and their apps) included
        bench_data.upgrade_database(
            args.database, "crm_lifecycle,crm_success_metrics", install=ADDONS
        )
    else:
        bench_data.create_database(args.database, ADDONS)
        results.update(load(args))
        if args.template:
            bench_data.copy_database(args.database, TEMPLATE_DB)
    try:
        results.update(load_sources(args.database, args.sources_scale))
        bench_data.checkpoint()
        results.update(measure(args.database))
    finally:
        if not args.keep:
            drop_database(args.database)
    print_results(args, results)


if __name__ == "__main__":
    main()
