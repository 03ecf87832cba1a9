# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SQL building blocks shared by the KPI handlers."""

from datetime import datetime, time, timedelta

from odoo.tools import SQL


def datetime_bounds(date_from, date_to):
    """Half-open UTC datetime interval [date_from 00:00, date_to + 1 day 00:00)."""
    return (
        datetime.combine(date_from, time.min),
        datetime.combine(date_to + timedelta(days=1), time.min),
    )


def fetch_one(env, query):
    """Run one SQL query and return its single row."""
    env.cr.execute(query)
    return env.cr.fetchone()


def order_amount():
    """Untaxed amount of ``sale_order`` (alias ``so``) in company currency.

    Same conversion as ``sale.report``: divided by the order's currency rate,
    stored at the order date.
    """
    return SQL(
        "so.amount_untaxed / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0"
        " ELSE so.currency_rate END"
    )


def confirmed_orders(company):
    """FROM/WHERE fragment: confirmed orders ``so`` of ``company`` joined to
    their partner ``rp`` (``rp.commercial_partner_id`` is the customer)."""
    return SQL(
        "sale_order so JOIN res_partner rp ON rp.id = so.partner_id"
        " WHERE so.state = 'sale' AND so.company_id = %s",
        company.id,
    )


def flush_sales(env):
    env["sale.order"].flush_model(
        [
            "state",
            "company_id",
            "partner_id",
            "date_order",
            "amount_untaxed",
            "currency_rate",
        ]
    )
    env["res.partner"].flush_model(["commercial_partner_id"])
