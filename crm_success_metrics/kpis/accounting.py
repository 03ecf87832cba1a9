# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Accounting KPIs: posted journal items by accounting date, company currency."""

from odoo.tools import SQL

from . import kpi_handler, measure, ratio, shared
from .sales import new_customers
from .service import handled_contacts

INCOME_TYPES = ["income", "income_other"]
PROFIT_AND_LOSS_TYPES = INCOME_TYPES + [
    "expense",
    "expense_depreciation",
    "expense_direct_cost",
]


def _account_sums(env, date_from, date_to, company):
    """Measured once per scorecard (see ``shared``)."""
    return shared(
        env,
        ("account_sums", company.id, date_from, date_to),
        lambda: _query_account_sums(env, date_from, date_to, company),
    )


def _query_account_sums(env, date_from, date_to, company):
    """Revenue, profit (credit - debit) and tagged spend (debit - credit) of the
    posted journal items of the period, in one query."""
    env["account.move.line"].flush_model(
        ["balance", "account_id", "company_id", "date", "parent_state"]
    )
    env["account.account"].flush_model(["account_type", "tag_ids"])
    promotion = env.ref("crm_success_metrics.account_tag_promotion_spend")
    service = env.ref("crm_success_metrics.account_tag_service_cost")
    env.cr.execute(
        SQL(
            """
            SELECT COALESCE(-SUM(aml.balance) FILTER (
                       WHERE account.account_type = ANY(%(income)s)), 0),
                   COALESCE(-SUM(aml.balance) FILTER (
                       WHERE account.account_type = ANY(%(pnl)s)), 0),
                   COALESCE(SUM(aml.balance) FILTER (WHERE EXISTS (
                       SELECT 1 FROM account_account_account_tag rel
                        WHERE rel.account_account_id = account.id
                          AND rel.account_account_tag_id = %(promotion)s)), 0),
                   COALESCE(SUM(aml.balance) FILTER (WHERE EXISTS (
                       SELECT 1 FROM account_account_account_tag rel
                        WHERE rel.account_account_id = account.id
                          AND rel.account_account_tag_id = %(service)s)), 0)
              FROM account_move_line aml
              JOIN account_account account ON account.id = aml.account_id
             WHERE aml.company_id = %(company)s
               AND aml.parent_state = 'posted'
               AND aml.date BETWEEN %(date_from)s AND %(date_to)s
            """,
            income=INCOME_TYPES,
            pnl=PROFIT_AND_LOSS_TYPES,
            promotion=promotion.id,
            service=service.id,
            company=company.id,
            date_from=date_from,
            date_to=date_to,
        )
    )
    keys = ("revenue", "profit", "promotion", "service")
    return dict(zip(keys, (float(v) for v in env.cr.fetchone()), strict=True))


@kpi_handler("invoiced_revenue")
def invoiced_revenue(env, date_from, date_to, company):
    """Credit minus debit on income accounts (types income and income_other)."""
    return measure(_account_sums(env, date_from, date_to, company)["revenue"])


@kpi_handler("net_profit")
def net_profit(env, date_from, date_to, company):
    """Credit minus debit on all profit-and-loss accounts."""
    return measure(_account_sums(env, date_from, date_to, company)["profit"])


@kpi_handler("promotion_spend")
def promotion_spend(env, date_from, date_to, company):
    """Debit minus credit on the accounts tagged "CRM: promotion spend"."""
    return measure(_account_sums(env, date_from, date_to, company)["promotion"])


@kpi_handler("promotion_spend_ratio")
def promotion_spend_ratio(env, date_from, date_to, company):
    """Promotion spend / invoiced revenue x 100."""
    sums = _account_sums(env, date_from, date_to, company)
    return ratio(sums["promotion"], sums["revenue"], 100.0)


@kpi_handler("customer_acquisition_cost")
def customer_acquisition_cost(env, date_from, date_to, company):
    """Promotion spend / new customers of the period."""
    spend = _account_sums(env, date_from, date_to, company)["promotion"]
    customers = new_customers(env, date_from, date_to, company)["value"]
    return ratio(spend, customers)


@kpi_handler("service_cost")
def service_cost(env, date_from, date_to, company):
    """Debit minus credit on the accounts tagged "CRM: customer service cost"."""
    return measure(_account_sums(env, date_from, date_to, company)["service"])


@kpi_handler("service_cost_per_contact")
def service_cost_per_contact(env, date_from, date_to, company):
    """Service cost / service contacts handled (queued in the period, not abandoned)."""
    cost = _account_sums(env, date_from, date_to, company)["service"]
    return ratio(cost, handled_contacts(env, date_from, date_to, company))
