# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Customer and sales KPIs, from confirmed sale orders (by ``date_order``).

A customer is a commercial partner; orders count once confirmed
(``state = 'sale'``); amounts are untaxed, in company currency.
"""

from datetime import timedelta

from odoo import models
from odoo.tools import SQL

from ..kpis import kpi, measure, ratio, shared
from ..kpis.common import (
    confirmed_orders,
    datetime_bounds,
    fetch_one,
    flush_sales,
    order_amount,
    referred,
)


class CrmSuccessKpiSales(models.Model):
    _inherit = "crm.success.kpi"

    def _sales_customer_counts(self, date_from, date_to, company):
        """Counts of customers for the period, from one pass over the orders (shared).

        Keys: ``new`` (first order in the period), ``new_referred`` (of which with a
        referrer or a referral channel), ``buyers`` (ordering in the period),
        ``repeat`` (of which ordered before it), ``active_start`` / ``active_end``
        (an order in the 365 days ending at date_from / date_to) and ``retained``
        (active at both).
        """
        return shared(
            self.env,
            ("customers", company.id, date_from, date_to),
            lambda: self._sales_query_customer_counts(date_from, date_to, company),
        )

    def _sales_query_customer_counts(self, date_from, date_to, company):
        start, end = datetime_bounds(date_from, date_to)
        start_a, end_a = datetime_bounds(date_from - timedelta(days=364), date_from)
        start_b, _end_b = datetime_bounds(date_to - timedelta(days=364), date_to)
        flush_sales(self.env)
        self.env["res.partner"].flush_model(
            ["referred_by_id", "acquisition_channel_id"]
        )
        self.env["crm.acquisition.channel"].flush_model(["is_referral"])
        self.env.cr.execute(
            SQL(
                "SELECT count(*) FILTER (WHERE first >= %(start)s) AS new,"
                " count(*) FILTER (WHERE first >= %(start)s AND %(referred)s)"
                " AS new_referred,"
                " count(*) FILTER (WHERE in_period) AS buyers,"
                " count(*) FILTER (WHERE in_period AND first < %(start)s) AS repeat,"
                " count(*) FILTER (WHERE active_a) AS active_start,"
                " count(*) FILTER (WHERE active_b) AS active_end,"
                " count(*) FILTER (WHERE active_a AND active_b) AS retained"
                " FROM (SELECT rp.commercial_partner_id AS id, min(so.date_order) AS"
                " first,"
                " bool_or(so.date_order >= %(start)s) AS in_period,"
                " bool_or(so.date_order >= %(start_a)s AND so.date_order < %(end_a)s)"
                " AS active_a,"
                " bool_or(so.date_order >= %(start_b)s) AS active_b"
                " FROM %(orders)s AND so.date_order < %(end)s"
                " GROUP BY rp.commercial_partner_id) customer"
                " JOIN res_partner commercial ON commercial.id = customer.id"
                " LEFT JOIN crm_acquisition_channel channel"
                " ON channel.id = commercial.acquisition_channel_id",
                start=start,
                end=end,
                start_a=start_a,
                end_a=end_a,
                start_b=start_b,
                orders=confirmed_orders(company),
                referred=referred("commercial", "channel"),
            )
        )
        return self.env.cr.dictfetchone()

    @kpi(kind="flow", unit="count", significance_test="poisson")
    def _kpi_new_customers(self, date_from, date_to, company):
        """Customers whose first confirmed order of the company falls in the period."""
        return measure(self._sales_customer_counts(date_from, date_to, company)["new"])

    @kpi(kind="stock", unit="count")
    def _kpi_active_customers(self, date_from, date_to, company):
        """Customers with at least one confirmed order in the 365 days ending at
        date_to."""
        return measure(
            self._sales_customer_counts(date_from, date_to, company)["active_end"]
        )

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_customer_retention_rate(self, date_from, date_to, company):
        """% of the customers active at date_from still active at date_to.

        Active at a day = a confirmed order in the 365 days ending that day.
        """
        counts = self._sales_customer_counts(date_from, date_to, company)
        return ratio(counts["retained"], counts["active_start"], 100.0)

    @kpi(kind="ratio", unit="percent", direction="down", significance_test="proportion")
    def _kpi_churn_rate(self, date_from, date_to, company):
        """% of the customers active at date_from no longer active at date_to."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        lost = counts["active_start"] - counts["retained"]
        return ratio(lost, counts["active_start"], 100.0)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_repeat_purchase_rate(self, date_from, date_to, company):
        """% of the customers ordering in the period who had ordered before it."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        return ratio(counts["repeat"], counts["buyers"], 100.0)

    def _sales_order_totals(self, date_from, date_to, company):
        """(count, untaxed amount in company currency) of the period's orders
        (shared)."""
        return shared(
            self.env,
            ("orders", company.id, date_from, date_to),
            lambda: self._sales_query_order_totals(date_from, date_to, company),
        )

    def _sales_query_order_totals(self, date_from, date_to, company):
        start, end = datetime_bounds(date_from, date_to)
        self.env["sale.order"].flush_model(
            ["state", "company_id", "date_order", "amount_untaxed", "currency_rate"]
        )
        return fetch_one(
            self.env,
            SQL(
                "SELECT count(*), COALESCE(sum(%s), 0) FROM sale_order so"
                " WHERE so.state = 'sale' AND so.company_id = %s"
                " AND so.date_order >= %s AND so.date_order < %s",
                order_amount(),
                company.id,
                start,
                end,
            ),
        )

    @kpi(kind="flow", unit="currency")
    def _kpi_sales_revenue(self, date_from, date_to, company):
        """Untaxed amount of the confirmed orders of the period."""
        _count, amount = self._sales_order_totals(date_from, date_to, company)
        return measure(amount)

    @kpi(kind="flow", unit="count", significance_test="poisson")
    def _kpi_orders_count(self, date_from, date_to, company):
        """Number of confirmed orders of the period."""
        count, _amount = self._sales_order_totals(date_from, date_to, company)
        return measure(count)

    @kpi(kind="ratio", unit="currency")
    def _kpi_average_order_value(self, date_from, date_to, company):
        """Untaxed revenue / number of confirmed orders of the period."""
        count, amount = self._sales_order_totals(date_from, date_to, company)
        return ratio(amount, count)

    @kpi(kind="ratio", unit="score")
    def _kpi_cross_sell_breadth(self, date_from, date_to, company):
        """Distinct (customer, product category) pairs / ordering customers."""
        start, end = datetime_bounds(date_from, date_to)
        flush_sales(self.env)
        self.env["sale.order.line"].flush_model(
            ["order_id", "product_id", "display_type"]
        )
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(["categ_id"])
        customers, pairs = fetch_one(
            self.env,
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
