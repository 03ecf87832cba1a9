# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Customer and sales KPIs, from the purchases of ``crm.lifecycle.purchase``.

A purchase is a confirmed sale order or a posted customer invoice, as the
setting *Purchases Are* of the customer's company says, the one definition
the lifecycle stages read too; a customer is a commercial partner; amounts are
untaxed, in company currency; credit notes lower the revenue without being
purchases.
"""

from datetime import timedelta

from odoo import models
from odoo.tools import SQL

from ..kpis import kpi, measure, ratio, shared_periods
from ..kpis.common import (
    flush_sales,
    in_periods,
    period_rows,
    referred,
    rows_by_period,
)


class CrmSuccessKpiSales(models.Model):
    _inherit = "crm.success.kpi"

    def _sales_purchases(self, company, since=None, until=None):
        """SQL subquery: the purchases of ``company`` (rows of
        ``crm.lifecycle.purchase._purchase_query``: partner_id, day, amount,
        is_purchase, previous_day, next_day...), dated from ``since`` to
        ``until`` (inclusive, both optional). Each purchase's source is the
        one of its customer's company, as for the customer's lifecycle."""
        return SQL(
            "SELECT * FROM (%s) purchase WHERE purchase.company_id = %s",
            self.env["crm.lifecycle.purchase"]._purchase_query(since, until),
            company.id,
        )

    def _sales_customer_of(self, company, partner_alias):
        """SQL condition: the commercial partner ``partner_alias`` (a
        res_partner alias) is a customer of the company: it has a purchase
        from it (one probe of the purchases' customer index)."""
        return SQL(
            "EXISTS (SELECT 1 FROM (%s) own WHERE own.partner_id = %s"
            " AND own.is_purchase)",
            self._sales_purchases(company),
            SQL.identifier(partner_alias, "id"),
        )

    def _sales_active_since(self, day, company):
        """First day of the purchases that keep a customer of the company
        active on ``day``: the lifecycle's churn rule, a customer without a
        purchase for more than the company's *Churned After* days is churned
        (see crm_lifecycle's ``engine.lifecycle.stage_at``)."""
        return day - timedelta(days=company.lifecycle_churn_days)

    def _sales_customer_counts(self, date_from, date_to, company):
        """Counts of customers for the period, from one pass over the purchases
        for all the periods of a scorecard (see ``shared_periods``).

        Keys: ``new`` (first purchase in the period), ``new_referred`` (of which
        with a referrer or a referral channel), ``buyers`` (buying in the
        period), ``repeat`` (of which bought before it), ``active_start`` /
        ``active_end`` (active at the start / the last day of the period, see
        ``_sales_active_since``) and ``retained`` (active at both).
        """
        return shared_periods(
            self.env,
            ("customers", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._sales_query_customer_counts(periods, company),
        )

    def _sales_query_customer_counts(self, periods, company):
        # Each purchase knows the customer's previous and next purchase days
        # (crm_lifecycle's ``_link_neighbours``), so every count is of rows of
        # the window that decides who is active (*Churned After* days before
        # the period to its end), each customer counted on one row: its first
        # purchase of the period (new, buyers, repeat) or its last purchase
        # by a day (active then). No grouping by customer: the counts cost
        # what reading the window's rows from the index costs, linear in the
        # data. One branch per period, its bounds written as constants, so
        # that PostgreSQL estimates them (and reads them in parallel).
        self.env["res.partner"].flush_model(
            ["referred_by_id", "acquisition_channel_id"]
        )
        self.env["crm.acquisition.channel"].flush_model(["is_referral"])
        purchases = self._sales_purchases(company)
        branches = SQL(" UNION ALL ").join(
            self._sales_period_customer_counts(
                idx, date_from, date_to, company, purchases
            )
            for idx, (date_from, date_to) in enumerate(periods)
        )
        keys = (
            "new",
            "new_referred",
            "buyers",
            "repeat",
            "active_start",
            "active_end",
            "retained",
        )
        return rows_by_period(self.env, branches, periods, keys)

    def _sales_period_customer_counts(
        self, idx, date_from, date_to, company, purchases
    ):
        """SQL: the row ``(idx, counts)`` of one period, see
        ``_sales_customer_counts`` and ``_sales_query_customer_counts``."""
        # active at the start of the period: at the end of the day before it
        eve = date_from - timedelta(days=1)
        since_eve = self._sales_active_since(eve, company)
        since_end = self._sales_active_since(date_to, company)
        # the customer's first purchase in the period, and its last purchase
        # by the eve / by the last day of the period
        first_in_period = SQL(
            "(purchase.day >= %(start)s AND (purchase.previous_day IS NULL"
            " OR purchase.previous_day < %(start)s))",
            start=date_from,
        )
        last_by_eve = SQL(
            "(purchase.day <= %(eve)s AND (purchase.next_day IS NULL"
            " OR purchase.next_day > %(eve)s))",
            eve=eve,
        )
        last_by_end = SQL(
            "(purchase.day >= %(since)s AND (purchase.next_day IS NULL"
            " OR purchase.next_day > %(end)s))",
            since=since_end,
            end=date_to,
        )
        new = SQL("(%s AND purchase.previous_day IS NULL)", first_in_period)
        # Active at the eve, still active at the end: it bought nothing more
        # by the end and its purchase is recent enough, or it bought again by
        # then within the window of the end; its next purchase is, unless the
        # window is shorter than the period: then look for a later one.
        bought_again = SQL(
            "purchase.next_day <= %(end)s AND purchase.next_day >= %(since_end)s",
            end=date_to,
            since_end=since_end,
        )
        if since_end > date_from:
            bought_again = SQL(
                """
                purchase.next_day <= %(end)s
                AND EXISTS (SELECT 1 FROM (%(purchases)s) later
                             WHERE later.partner_id = purchase.partner_id
                               AND later.is_purchase
                               AND later.day BETWEEN %(since_end)s AND %(end)s)
                """,
                end=date_to,
                since_end=since_end,
                purchases=purchases,
            )
        retained = SQL(
            """
            (%(last_by_eve)s AND (
                (purchase.next_day IS NULL OR purchase.next_day > %(end)s)
                AND purchase.day >= %(since_end)s
             OR %(bought_again)s))
            """,
            last_by_eve=last_by_eve,
            end=date_to,
            since_end=since_end,
            bought_again=bought_again,
        )
        # The referred newcomers are looked up apart (one lookup for the few
        # first purchases of the period): no lookup in the count of the
        # window, which PostgreSQL can then split between its workers.
        return SQL(
            """
            SELECT %(idx)s,
                   COUNT(*) FILTER (WHERE %(new)s),
                   (SELECT COUNT(*) FROM (%(purchases)s) purchase
                      JOIN res_partner commercial
                        ON commercial.id = purchase.partner_id
                 LEFT JOIN crm_acquisition_channel channel
                        ON channel.id = commercial.acquisition_channel_id
                     WHERE purchase.is_purchase
                       AND purchase.day BETWEEN %(date_from)s AND %(date_to)s
                       AND %(new)s AND %(referred)s),
                   COUNT(*) FILTER (WHERE %(first_in_period)s),
                   COUNT(*) FILTER (WHERE %(first_in_period)s
                                      AND purchase.previous_day IS NOT NULL),
                   COUNT(*) FILTER (WHERE %(last_by_eve)s),
                   COUNT(*) FILTER (WHERE %(last_by_end)s),
                   COUNT(*) FILTER (WHERE %(retained)s)
              FROM (%(purchases)s) purchase
             WHERE purchase.is_purchase
               AND purchase.day BETWEEN %(since_eve)s AND %(date_to)s
            """,
            idx=idx,
            new=new,
            referred=referred("commercial", "channel"),
            first_in_period=first_in_period,
            last_by_eve=last_by_eve,
            last_by_end=last_by_end,
            retained=retained,
            purchases=purchases,
            since_eve=since_eve,
            date_from=date_from,
            date_to=date_to,
        )

    @kpi(kind="flow", unit="count", significance_test="poisson")
    def _kpi_new_customers(self, date_from, date_to, company):
        """Customers whose first purchase from the company falls in the period."""
        return measure(self._sales_customer_counts(date_from, date_to, company)["new"])

    @kpi(kind="stock", unit="count")
    def _kpi_active_customers(self, date_from, date_to, company):
        """Customers active on date_to: a purchase within the company's
        *Churned After* days ending that day (not churned)."""
        return measure(
            self._sales_customer_counts(date_from, date_to, company)["active_end"]
        )

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_customer_retention_rate(self, date_from, date_to, company):
        """% of the customers active at the start of the period (the end of
        the day before it) still active on date_to (see ``_sales_active_since``)."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        return ratio(counts["retained"], counts["active_start"], 100.0)

    @kpi(kind="ratio", unit="percent", direction="down", significance_test="proportion")
    def _kpi_churn_rate(self, date_from, date_to, company):
        """% of the customers active at the start of the period churned by
        date_to (no purchase within *Churned After* days): those of them whose
        lifecycle moves to Churned in the period (``customers_churned``)."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        lost = counts["active_start"] - counts["retained"]
        return ratio(lost, counts["active_start"], 100.0)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_repeat_purchase_rate(self, date_from, date_to, company):
        """% of the customers buying in the period who had bought before it."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        return ratio(counts["repeat"], counts["buyers"], 100.0)

    def _sales_order_totals(self, date_from, date_to, company):
        """{"count": purchases, "amount": untaxed revenue in company currency,
        credit notes deducted, "referred_amount": of which of referred
        customers} of the period, from one query for all the periods of a
        scorecard (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("orders", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._sales_query_order_totals(periods, company),
        )

    def _sales_query_order_totals(self, periods, company):
        self.env["res.partner"].flush_model(
            ["referred_by_id", "acquisition_channel_id"]
        )
        self.env["crm.acquisition.channel"].flush_model(["is_referral"])
        # the referred customers are hashed once, not joined to each purchase
        query = SQL(
            """
            SELECT period.idx,
                   count(*) FILTER (WHERE purchase.is_purchase),
                   COALESCE(sum(purchase.amount), 0),
                   COALESCE(sum(purchase.amount) FILTER (
                       WHERE purchase.partner_id IN (
                             SELECT commercial.id FROM res_partner commercial
                          LEFT JOIN crm_acquisition_channel channel
                                 ON channel.id = commercial.acquisition_channel_id
                              WHERE %(referred)s)), 0)
              FROM (%(purchases)s) purchase
              JOIN (%(periods)s) period
                ON purchase.day BETWEEN period.date_from AND period.date_to
             WHERE %(in_periods)s
          GROUP BY period.idx
            """,
            purchases=self._sales_purchases(company),
            periods=period_rows(periods, company),
            in_periods=in_periods(SQL("purchase.day"), periods, company, days=True),
            referred=referred("commercial", "channel"),
        )
        return rows_by_period(
            self.env, query, periods, ("count", "amount", "referred_amount")
        )

    @kpi(kind="flow", unit="currency")
    def _kpi_sales_revenue(self, date_from, date_to, company):
        """Untaxed revenue of the period's purchases, credit notes deducted."""
        return measure(self._sales_order_totals(date_from, date_to, company)["amount"])

    @kpi(kind="flow", unit="count", significance_test="poisson")
    def _kpi_orders_count(self, date_from, date_to, company):
        """Number of purchases (orders or invoices) of the period."""
        return measure(self._sales_order_totals(date_from, date_to, company)["count"])

    @kpi(kind="ratio", unit="currency")
    def _kpi_average_order_value(self, date_from, date_to, company):
        """Untaxed revenue / number of purchases of the period."""
        totals = self._sales_order_totals(date_from, date_to, company)
        return ratio(totals["amount"], totals["count"])

    @kpi(kind="ratio", unit="score")
    def _kpi_cross_sell_breadth(self, date_from, date_to, company):
        """Distinct (customer, product category) pairs / ordering customers."""
        counts = shared_periods(
            self.env,
            ("cross_sell", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._sales_query_cross_sell(periods, company),
        )
        return ratio(counts["pairs"], counts["customers"])

    def _sales_query_cross_sell(self, periods, company):
        """{period: {"customers", "pairs"}} of the confirmed orders, in one
        query for all the periods."""
        flush_sales(self.env)
        self.env["sale.order.line"].flush_model(
            ["order_id", "product_id", "display_type"]
        )
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(["categ_id"])
        query = SQL(
            """
            SELECT period.idx, count(DISTINCT rp.commercial_partner_id),
                   count(DISTINCT (rp.commercial_partner_id, pt.categ_id))
                       FILTER (WHERE pt.categ_id IS NOT NULL)
              FROM sale_order so
              JOIN (%(periods)s) period
                ON so.date_order >= period.start_at AND so.date_order < period.end_at
              JOIN res_partner rp ON rp.id = so.partner_id
         LEFT JOIN sale_order_line sol ON sol.order_id = so.id
               AND sol.product_id IS NOT NULL AND sol.display_type IS NULL
         LEFT JOIN product_product pp ON pp.id = sol.product_id
         LEFT JOIN product_template pt ON pt.id = pp.product_tmpl_id
             WHERE so.state = 'sale' AND so.company_id = %(company)s
               AND %(in_periods)s
          GROUP BY period.idx
            """,
            periods=period_rows(periods, company),
            company=company.id,
            in_periods=in_periods(SQL("so.date_order"), periods, company),
        )
        return rows_by_period(self.env, query, periods, ("customers", "pairs"))
