# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lifecycle and referral KPIs (crm_lifecycle's history, stages and referrals).

A partner belongs to the company when its ``company_id`` is the company, or
when it is shared (no company) and has a confirmed order of the company.
"""

from odoo.tools import SQL

from . import kpi_handler, measure, ratio, shared
from .common import (
    datetime_bounds,
    fetch_one,
    flush_sales,
    order_amount,
)
from .sales import customer_counts, referred


def _belongs_to(company, partner_alias):
    """SQL condition: the partner ``partner_alias`` (a res_partner alias) is a
    customer of the company."""
    return SQL(
        "(%(partner)s.company_id = %(company)s OR (%(partner)s.company_id IS NULL"
        " AND EXISTS (SELECT 1 FROM sale_order own JOIN res_partner own_rp"
        " ON own_rp.id = own.partner_id WHERE own.state = 'sale'"
        " AND own.company_id = %(company)s"
        " AND own_rp.commercial_partner_id = %(partner)s.id)))",
        partner=SQL.identifier(partner_alias),
        company=company.id,
    )


# Stages whose population is a KPI (counting only them keeps the query light).
STOCK_STAGES = ("at_risk", "advocate")


def stage_counts(env, date_to, company):
    """{stage code: customers of the company in that stage at date_to} (shared),
    for the codes of ``STOCK_STAGES``.

    The stage at a day is the target of the customer's last transition by then.
    """
    return shared(
        env,
        ("stages", company.id, date_to),
        lambda: _stage_counts(env, date_to, company),
    )


def _stage_counts(env, date_to, company):
    env["crm.lifecycle.history"].flush_model(["partner_id", "stage_to_id", "date"])
    env["crm.lifecycle.stage"].flush_model(["code"])
    env["res.partner"].flush_model(["company_id", "commercial_partner_id"])
    env["sale.order"].flush_model(["state", "company_id", "partner_id"])
    env.cr.execute(
        SQL(
            "SELECT stage.code, count(*) FROM (SELECT DISTINCT ON (history.partner_id)"
            " history.partner_id, history.stage_to_id"
            " FROM crm_lifecycle_history history WHERE history.date <= %s"
            " ORDER BY history.partner_id, history.date DESC, history.id DESC) last"
            " JOIN crm_lifecycle_stage stage ON stage.id = last.stage_to_id"
            " JOIN res_partner partner ON partner.id = last.partner_id"
            " WHERE stage.code IN %s AND %s GROUP BY stage.code",
            date_to,
            STOCK_STAGES,
            _belongs_to(company, "partner"),
        )
    )
    return dict(env.cr.fetchall())


@kpi_handler("customers_at_risk")
def customers_at_risk(env, date_from, date_to, company):
    """Customers in the "at risk" lifecycle stage at date_to."""
    return measure(stage_counts(env, date_to, company).get("at_risk", 0))


@kpi_handler("advocates")
def advocates(env, date_from, date_to, company):
    """Customers in the "advocate" lifecycle stage at date_to."""
    return measure(stage_counts(env, date_to, company).get("advocate", 0))


@kpi_handler("customers_churned")
def customers_churned(env, date_from, date_to, company):
    """Transitions of the company's customers to "churned" dated in the period."""
    env["crm.lifecycle.history"].flush_model(["partner_id", "stage_to_id", "date"])
    env["crm.lifecycle.stage"].flush_model(["code"])
    env["res.partner"].flush_model(["company_id", "commercial_partner_id"])
    env["sale.order"].flush_model(["state", "company_id", "partner_id"])
    (count,) = fetch_one(
        env,
        SQL(
            "SELECT count(*) FROM crm_lifecycle_history history"
            " JOIN crm_lifecycle_stage stage ON stage.id = history.stage_to_id"
            " JOIN res_partner partner ON partner.id = history.partner_id"
            " WHERE stage.code = 'churned' AND history.date >= %s AND history.date <="
            " %s"
            " AND %s",
            date_from,
            date_to,
            _belongs_to(company, "partner"),
        ),
    )
    return measure(count)


@kpi_handler("referral_rate")
def referral_rate(env, date_from, date_to, company):
    """% of the new customers of the period with a referrer or a referral channel."""
    counts = customer_counts(env, date_from, date_to, company)
    return ratio(counts["new_referred"], counts["new"], 100.0)


@kpi_handler("referred_revenue")
def referred_revenue(env, date_from, date_to, company):
    """Untaxed confirmed sales of the period to referred customers."""
    start, end = datetime_bounds(date_from, date_to)
    flush_sales(env)
    env["res.partner"].flush_model(["referred_by_id", "acquisition_channel_id"])
    env["crm.acquisition.channel"].flush_model(["is_referral"])
    (amount,) = fetch_one(
        env,
        SQL(
            "SELECT COALESCE(sum(%s), 0) FROM sale_order so"
            " JOIN res_partner rp ON rp.id = so.partner_id"
            " JOIN res_partner commercial ON commercial.id = rp.commercial_partner_id"
            " LEFT JOIN crm_acquisition_channel channel"
            " ON channel.id = commercial.acquisition_channel_id"
            " WHERE so.state = 'sale' AND so.company_id = %s"
            " AND so.date_order >= %s AND so.date_order < %s AND %s",
            order_amount(),
            company.id,
            start,
            end,
            referred("commercial", "channel"),
        ),
    )
    return measure(amount)
