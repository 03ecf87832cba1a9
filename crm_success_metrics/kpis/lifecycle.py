# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Lifecycle and referral KPIs (crm_lifecycle's history, stages and referrals).

A partner belongs to the company when its ``company_id`` is the company, or
when it is shared (no company) and has a confirmed order of the company.
"""

from odoo.tools import SQL

from . import kpi_handler, measure, ratio
from .common import (
    confirmed_orders,
    datetime_bounds,
    fetch_one,
    flush_sales,
    order_amount,
)


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


def _stage_count(env, date_to, company, code):
    """Customers whose last lifecycle transition by date_to is to ``code``."""
    env["crm.lifecycle.history"].flush_model(["partner_id", "stage_to_id", "date"])
    env["crm.lifecycle.stage"].flush_model(["code"])
    env["res.partner"].flush_model(["company_id", "commercial_partner_id"])
    env["sale.order"].flush_model(["state", "company_id", "partner_id"])
    (count,) = fetch_one(
        env,
        SQL(
            "SELECT count(*) FROM (SELECT DISTINCT ON (history.partner_id)"
            " history.partner_id, history.stage_to_id FROM crm_lifecycle_history"
            " history"
            " WHERE history.date <= %s"
            " ORDER BY history.partner_id, history.date DESC, history.id DESC) last"
            " JOIN crm_lifecycle_stage stage ON stage.id = last.stage_to_id"
            " JOIN res_partner partner ON partner.id = last.partner_id"
            " WHERE stage.code = %s AND %s",
            date_to,
            code,
            _belongs_to(company, "partner"),
        ),
    )
    return count


@kpi_handler("customers_at_risk")
def customers_at_risk(env, date_from, date_to, company):
    """Customers in the "at risk" lifecycle stage at date_to."""
    return measure(_stage_count(env, date_to, company, "at_risk"))


@kpi_handler("advocates")
def advocates(env, date_from, date_to, company):
    """Customers in the "advocate" lifecycle stage at date_to."""
    return measure(_stage_count(env, date_to, company, "advocate"))


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


def _flush_referrals(env):
    flush_sales(env)
    env["res.partner"].flush_model(["referred_by_id", "acquisition_channel_id"])
    env["crm.acquisition.channel"].flush_model(["is_referral"])


def _referred(partner_alias):
    """SQL condition: the commercial partner has a referrer or a referral channel."""
    return SQL(
        "(%(partner)s.referred_by_id IS NOT NULL OR EXISTS (SELECT 1"
        " FROM crm_acquisition_channel channel"
        " WHERE channel.id = %(partner)s.acquisition_channel_id AND"
        " channel.is_referral))",
        partner=SQL.identifier(partner_alias),
    )


@kpi_handler("referral_rate")
def referral_rate(env, date_from, date_to, company):
    """% of the new customers of the period with a referrer or a referral channel."""
    start, end = datetime_bounds(date_from, date_to)
    _flush_referrals(env)
    new, referred = fetch_one(
        env,
        SQL(
            "SELECT count(*), count(*) FILTER (WHERE %s)"
            " FROM (SELECT rp.commercial_partner_id AS id, min(so.date_order) AS first"
            " FROM %s AND so.date_order < %s GROUP BY rp.commercial_partner_id)"
            " customer"
            " JOIN res_partner commercial ON commercial.id = customer.id"
            " WHERE customer.first >= %s",
            _referred("commercial"),
            confirmed_orders(company),
            end,
            start,
        ),
    )
    return ratio(referred, new, 100.0)


@kpi_handler("referred_revenue")
def referred_revenue(env, date_from, date_to, company):
    """Untaxed confirmed sales of the period to referred customers."""
    start, end = datetime_bounds(date_from, date_to)
    _flush_referrals(env)
    (amount,) = fetch_one(
        env,
        SQL(
            "SELECT COALESCE(sum(%s), 0) FROM %s"
            " AND so.date_order >= %s AND so.date_order < %s"
            " AND EXISTS (SELECT 1 FROM res_partner commercial"
            " WHERE commercial.id = rp.commercial_partner_id AND %s)",
            order_amount(),
            confirmed_orders(company),
            start,
            end,
            _referred("commercial"),
        ),
    )
    return measure(amount)
