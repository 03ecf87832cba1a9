# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer and sales KPIs, from confirmed sale orders (by ``date_order``).

A customer is a commercial partner; orders count once confirmed
(``state = 'sale'``); amounts are untaxed, in company currency.
"""

from datetime import timedelta

from odoo.tools import SQL

from . import kpi_handler, measure, ratio
from .common import (
    confirmed_orders,
    datetime_bounds,
    fetch_one,
    flush_sales,
    order_amount,
)


@kpi_handler("new_customers")
def new_customers(env, date_from, date_to, company):
    """Customers whose first confirmed order of the company falls in the period."""
    start, end = datetime_bounds(date_from, date_to)
    flush_sales(env)
    (count,) = fetch_one(
        env,
        SQL(
            "SELECT count(*) FROM (SELECT rp.commercial_partner_id,"
            " min(so.date_order) AS first"
            " FROM %s AND so.date_order < %s GROUP BY rp.commercial_partner_id)"
            " customer"
            " WHERE customer.first >= %s",
            confirmed_orders(company),
            end,
            start,
        ),
    )
    return measure(count)


@kpi_handler("active_customers")
def active_customers(env, date_from, date_to, company):
    """Customers with at least one confirmed order in the 365 days ending at date_to."""
    start, end = datetime_bounds(date_to - timedelta(days=364), date_to)
    flush_sales(env)
    (count,) = fetch_one(
        env,
        SQL(
            "SELECT count(DISTINCT rp.commercial_partner_id) FROM %s"
            " AND so.date_order >= %s AND so.date_order < %s",
            confirmed_orders(company),
            start,
            end,
        ),
    )
    return measure(count)


def _retention_counts(env, date_from, date_to, company):
    """(customers active at date_from, of which still active at date_to).

    Active at a day = a confirmed order in the 365 days ending that day.
    """
    start_a, end_a = datetime_bounds(date_from - timedelta(days=364), date_from)
    start_b, end_b = datetime_bounds(date_to - timedelta(days=364), date_to)
    flush_sales(env)
    return fetch_one(
        env,
        SQL(
            "SELECT count(*) FILTER (WHERE active_a),"
            " count(*) FILTER (WHERE active_a AND active_b)"
            " FROM (SELECT rp.commercial_partner_id,"
            " bool_or(so.date_order >= %s AND so.date_order < %s) AS active_a,"
            " bool_or(so.date_order >= %s) AS active_b"
            " FROM %s AND so.date_order >= %s AND so.date_order < %s"
            " GROUP BY rp.commercial_partner_id) customer",
            start_a,
            end_a,
            start_b,
            confirmed_orders(company),
            start_a,
            end_b,
        ),
    )


@kpi_handler("customer_retention_rate")
def customer_retention_rate(env, date_from, date_to, company):
    """% of the customers active at date_from still active at date_to."""
    active, retained = _retention_counts(env, date_from, date_to, company)
    return ratio(retained, active, 100.0)


@kpi_handler("churn_rate")
def churn_rate(env, date_from, date_to, company):
    """% of the customers active at date_from no longer active at date_to."""
    active, retained = _retention_counts(env, date_from, date_to, company)
    return ratio(active - retained, active, 100.0)


@kpi_handler("repeat_purchase_rate")
def repeat_purchase_rate(env, date_from, date_to, company):
    """% of the customers ordering in the period who had ordered before it."""
    start, end = datetime_bounds(date_from, date_to)
    flush_sales(env)
    buyers, repeat = fetch_one(
        env,
        SQL(
            "SELECT count(*) FILTER (WHERE in_period),"
            " count(*) FILTER (WHERE in_period AND before)"
            " FROM (SELECT rp.commercial_partner_id,"
            " bool_or(so.date_order >= %s) AS in_period,"
            " bool_or(so.date_order < %s) AS before"
            " FROM %s AND so.date_order < %s GROUP BY rp.commercial_partner_id)"
            " customer",
            start,
            start,
            confirmed_orders(company),
            end,
        ),
    )
    return ratio(repeat, buyers, 100.0)


def _order_totals(env, date_from, date_to, company):
    """(count, untaxed amount in company currency) of the period's orders."""
    start, end = datetime_bounds(date_from, date_to)
    flush_sales(env)
    return fetch_one(
        env,
        SQL(
            "SELECT count(*), COALESCE(sum(%s), 0) FROM %s"
            " AND so.date_order >= %s AND so.date_order < %s",
            order_amount(),
            confirmed_orders(company),
            start,
            end,
        ),
    )


@kpi_handler("sales_revenue")
def sales_revenue(env, date_from, date_to, company):
    """Untaxed amount of the confirmed orders of the period."""
    _count, amount = _order_totals(env, date_from, date_to, company)
    return measure(amount)


@kpi_handler("orders_count")
def orders_count(env, date_from, date_to, company):
    """Number of confirmed orders of the period."""
    count, _amount = _order_totals(env, date_from, date_to, company)
    return measure(count)


@kpi_handler("average_order_value")
def average_order_value(env, date_from, date_to, company):
    """Untaxed revenue / number of confirmed orders of the period."""
    count, amount = _order_totals(env, date_from, date_to, company)
    return ratio(amount, count)


@kpi_handler("cross_sell_breadth")
def cross_sell_breadth(env, date_from, date_to, company):
    """Distinct (customer, product category) pairs / ordering customers."""
    start, end = datetime_bounds(date_from, date_to)
    flush_sales(env)
    env["sale.order.line"].flush_model(["order_id", "product_id", "display_type"])
    env["product.product"].flush_model(["product_tmpl_id"])
    env["product.template"].flush_model(["categ_id"])
    customers, pairs = fetch_one(
        env,
        SQL(
            "SELECT count(DISTINCT rp.commercial_partner_id),"
            " count(DISTINCT (rp.commercial_partner_id, pt.categ_id))"
            " FILTER (WHERE pt.categ_id IS NOT NULL)"
            " FROM sale_order so JOIN res_partner rp ON rp.id = so.partner_id"
            " LEFT JOIN sale_order_line sol ON sol.order_id = so.id"
            " AND sol.product_id IS NOT NULL AND sol.display_type IS NULL"
            " LEFT JOIN product_product pp ON pp.id = sol.product_id"
            " LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id"
            " WHERE so.state = 'sale' AND so.company_id = %s"
            " AND so.date_order >= %s AND so.date_order < %s",
            company.id,
            start,
            end,
        ),
    )
    return ratio(pairs, customers)
