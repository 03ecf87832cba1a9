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

from dataclasses import replace
from datetime import timedelta

from odoo import models
from odoo.tools import SQL

from ..kpis import Drill, kpi, measure, ratio, shared_periods
from ..kpis.common import (
    date_domain,
    datetime_bounds,
    datetime_domain,
    flush_sales,
    ids_domain,
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

    def _sales_customer_sets(self, date_from, date_to, company, purchases):
        """{key: SQL condition on a ``purchase`` of the period's window (see
        ``_sales_customer_window``)} of the sets of customers a period counts:
        the keys of ``_sales_customer_counts`` and ``lost`` (active at the
        start, not at the end). A customer of a set matches on exactly one
        of its purchases: its first of the period (new, buyers, repeat) or its
        last by a day (active then), told by the days of its previous and next
        purchases (crm_lifecycle's ``_link_neighbours``). The counts and the
        drill-down read the same ones. ``purchases``: ``_sales_purchases``."""
        # active at the start of the period: at the end of the day before it
        eve = date_from - timedelta(days=1)
        since_end = self._sales_active_since(date_to, company)
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
        # A customer active at the eve is still active at the end when it
        # bought nothing more by the end and its purchase is recent enough,
        # or when it bought again by then within the window of the end: its
        # next purchase does, unless the window is shorter than the period
        # (then a later purchase is looked up).
        bought_again = SQL(
            "(purchase.next_day IS NOT NULL AND purchase.next_day <= %(end)s"
            " AND purchase.next_day >= %(since_end)s)",
            end=date_to,
            since_end=since_end,
        )
        if since_end > date_from:
            bought_again = SQL(
                """
                (purchase.next_day IS NOT NULL AND purchase.next_day <= %(end)s
                 AND EXISTS (SELECT 1 FROM (%(purchases)s) later
                              WHERE later.partner_id = purchase.partner_id
                                AND later.is_purchase
                                AND later.day BETWEEN %(since_end)s AND %(end)s))
                """,
                end=date_to,
                since_end=since_end,
                purchases=purchases,
            )
        still_active = SQL(
            """
            ((purchase.next_day IS NULL OR purchase.next_day > %(end)s)
              AND purchase.day >= %(since_end)s
             OR %(bought_again)s)
            """,
            end=date_to,
            since_end=since_end,
            bought_again=bought_again,
        )
        referred_customer = SQL(
            """EXISTS (SELECT 1 FROM res_partner commercial
                     LEFT JOIN crm_acquisition_channel channel
                            ON channel.id = commercial.acquisition_channel_id
                         WHERE commercial.id = purchase.partner_id AND %s)""",
            referred("commercial", "channel"),
        )
        return {
            "new": new,
            "new_referred": SQL("(%s AND %s)", new, referred_customer),
            "buyers": first_in_period,
            "repeat": SQL(
                "(%s AND purchase.previous_day IS NOT NULL)", first_in_period
            ),
            "active_start": last_by_eve,
            "active_end": last_by_end,
            "retained": SQL("(%s AND %s)", last_by_eve, still_active),
            "lost": SQL("(%s AND NOT %s)", last_by_eve, still_active),
        }

    def _sales_customer_window(
        self, date_from, date_to, company, purchases, since=None
    ):
        """SQL ``FROM ... WHERE``: the company's purchases of the window that
        decides who is active in the period (*Churned After* days before its
        eve to its end), or from ``since``, its bounds written as constants
        so that PostgreSQL estimates them."""
        eve = date_from - timedelta(days=1)
        return SQL(
            """
              FROM (%(purchases)s) purchase
             WHERE purchase.is_purchase
               AND purchase.day BETWEEN %(since)s AND %(date_to)s
            """,
            purchases=purchases,
            since=since or self._sales_active_since(eve, company),
            date_to=date_to,
        )

    def _sales_query_customer_counts(self, periods, company):
        # Every count is of rows of the period's window, each customer on
        # one row: no grouping by customer, the counts cost what reading the
        # window's rows from the index costs, linear in the data. One branch
        # per period. The referred newcomers are looked up apart, among the
        # period's purchases only: no lookup in the count of the window,
        # which PostgreSQL can then split between its workers.
        self.env["res.partner"].flush_model(
            ["referred_by_id", "acquisition_channel_id"]
        )
        self.env["crm.acquisition.channel"].flush_model(["is_referral"])
        purchases = self._sales_purchases(company)
        keys = (
            "new",
            "new_referred",
            "buyers",
            "repeat",
            "active_start",
            "active_end",
            "retained",
        )
        branches = []
        for idx, (date_from, date_to) in enumerate(periods):
            sets = self._sales_customer_sets(date_from, date_to, company, purchases)
            window = self._sales_customer_window(date_from, date_to, company, purchases)
            period_only = self._sales_customer_window(
                date_from, date_to, company, purchases, since=date_from
            )
            counts = [
                SQL("(SELECT COUNT(*) %s AND %s)", period_only, sets[key])
                if key == "new_referred"
                else SQL("COUNT(*) FILTER (WHERE %s)", sets[key])
                for key in keys
            ]
            branches.append(
                SQL("SELECT %s, %s %s", idx, SQL(", ").join(counts), window)
            )
        return rows_by_period(
            self.env, SQL(" UNION ALL ").join(branches), periods, keys
        )

    def _sales_customers_drill(self, key, label, date_from, date_to, company):
        """Drill of the customers (commercial partners) of the set ``key``
        of ``_sales_customer_sets`` in the period."""
        self.env["res.partner"].flush_model(
            ["referred_by_id", "acquisition_channel_id"]
        )
        self.env["crm.acquisition.channel"].flush_model(["is_referral"])
        purchases = self._sales_purchases(company)
        sets = self._sales_customer_sets(date_from, date_to, company, purchases)
        query = SQL(
            "SELECT purchase.partner_id %s AND %s",
            self._sales_customer_window(date_from, date_to, company, purchases),
            sets[key],
        )
        return Drill("res.partner", ids_domain(self.env, query), label)

    def _drill_customers_new(self, date_from, date_to, company):
        label = self.env._("New customers")
        return self._sales_customers_drill("new", label, date_from, date_to, company)

    def _drill_customers_new_referred(self, date_from, date_to, company):
        label = self.env._("New referred customers")
        return self._sales_customers_drill(
            "new_referred", label, date_from, date_to, company
        )

    def _drill_customers_buying(self, date_from, date_to, company):
        label = self.env._("Customers buying")
        return self._sales_customers_drill("buyers", label, date_from, date_to, company)

    def _drill_customers_repeat(self, date_from, date_to, company):
        label = self.env._("Repeat customers")
        return self._sales_customers_drill("repeat", label, date_from, date_to, company)

    def _drill_customers_active_start(self, date_from, date_to, company):
        label = self.env._("Customers active at the start")
        return self._sales_customers_drill(
            "active_start", label, date_from, date_to, company
        )

    def _drill_customers_active_end(self, date_from, date_to, company):
        label = self.env._("Active customers")
        return self._sales_customers_drill(
            "active_end", label, date_from, date_to, company
        )

    def _drill_customers_retained(self, date_from, date_to, company):
        label = self.env._("Retained customers")
        return self._sales_customers_drill(
            "retained", label, date_from, date_to, company
        )

    def _drill_customers_lost(self, date_from, date_to, company):
        label = self.env._("Customers lost")
        return self._sales_customers_drill("lost", label, date_from, date_to, company)

    @kpi(
        kind="flow", unit="count", significance_test="poisson", drill=("customers_new",)
    )
    def _kpi_new_customers(self, date_from, date_to, company):
        """Customers whose first purchase from the company falls in the period."""
        return measure(self._sales_customer_counts(date_from, date_to, company)["new"])

    @kpi(kind="stock", unit="count", drill=("customers_active_end",))
    def _kpi_active_customers(self, date_from, date_to, company):
        """Customers active on date_to: a purchase within the company's
        *Churned After* days ending that day (not churned)."""
        return measure(
            self._sales_customer_counts(date_from, date_to, company)["active_end"]
        )

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("customers_retained", "customers_active_start"),
    )
    def _kpi_customer_retention_rate(self, date_from, date_to, company):
        """% of the customers active at the start of the period (the end of
        the day before it) still active on date_to (see ``_sales_active_since``)."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        return ratio(counts["retained"], counts["active_start"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        direction="down",
        significance_test="proportion",
        drill=("customers_lost", "customers_active_start"),
    )
    def _kpi_churn_rate(self, date_from, date_to, company):
        """% of the customers active at the start of the period churned by
        date_to (no purchase within *Churned After* days): those of them whose
        lifecycle moves to Churned in the period (``customers_churned``)."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        lost = counts["active_start"] - counts["retained"]
        return ratio(lost, counts["active_start"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("customers_repeat", "customers_buying"),
    )
    def _kpi_repeat_purchase_rate(self, date_from, date_to, company):
        """% of the customers buying in the period who had bought before it."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        return ratio(counts["repeat"], counts["buyers"], 100.0)

    def _sales_purchases_drill(self, label, date_from, date_to, company, domain=()):
        """Drill of the company's purchase rows (``crm.lifecycle.purchase``)
        dated in the period and matching ``domain``."""
        return Drill(
            "crm.lifecycle.purchase",
            [
                ("company_id", "=", company.id),
                *date_domain("date", date_from, date_to),
                *domain,
            ],
            label,
        )

    def _drill_purchases(self, date_from, date_to, company):
        """The purchases of the period (credit notes are no purchases)."""
        label = self.env._("Purchases")
        domain = [("is_purchase", "=", True)]
        return self._sales_purchases_drill(label, date_from, date_to, company, domain)

    def _drill_purchase_rows(self, date_from, date_to, company):
        """The purchases and credit notes the revenue of the period sums."""
        label = self.env._("Purchases and credit notes")
        drill = self._sales_purchases_drill(label, date_from, date_to, company)
        return replace(drill, measure=("amount", 1))

    def _drill_referred_purchase_rows(self, date_from, date_to, company):
        """The purchases and credit notes of referred customers (see
        ``kpis.common.referred``)."""
        label = self.env._("Purchases and credit notes of referred customers")
        domain = [
            "|",
            ("partner_id.referred_by_id", "!=", False),
            ("partner_id.acquisition_channel_id.is_referral", "=", True),
        ]
        drill = self._sales_purchases_drill(label, date_from, date_to, company, domain)
        return replace(drill, measure=("amount", 1))

    def _sales_order_totals(self, date_from, date_to, company):
        """{"count": purchases, "amount": untaxed revenue in company currency,
        credit notes deducted, "referred_amount": of which of referred
        customers, "network_amount": of which of customers brought by a
        network partner (crm_lifecycle's ``_network_referred_query``)} of the
        period, from one query for all the periods of a scorecard (see
        ``shared_periods``)."""
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
                              WHERE %(referred)s)), 0),
                   COALESCE(sum(purchase.amount) FILTER (
                       WHERE purchase.partner_id IN (
                             SELECT network.customer_id
                               FROM (%(network)s) network)), 0)
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
            network=self.env["res.partner"]._network_referred_query(),
        )
        keys = ("count", "amount", "referred_amount", "network_amount")
        return rows_by_period(self.env, query, periods, keys)

    @kpi(kind="flow", unit="currency", drill=("purchase_rows",))
    def _kpi_sales_revenue(self, date_from, date_to, company):
        """Untaxed revenue of the period's purchases, credit notes deducted."""
        return measure(self._sales_order_totals(date_from, date_to, company)["amount"])

    @kpi(kind="flow", unit="count", significance_test="poisson", drill=("purchases",))
    def _kpi_orders_count(self, date_from, date_to, company):
        """Number of purchases (orders or invoices) of the period."""
        return measure(self._sales_order_totals(date_from, date_to, company)["count"])

    @kpi(kind="ratio", unit="currency", drill=("purchase_rows", "purchases"))
    def _kpi_average_order_value(self, date_from, date_to, company):
        """Untaxed revenue / number of purchases of the period."""
        totals = self._sales_order_totals(date_from, date_to, company)
        return ratio(totals["amount"], totals["count"])

    @kpi(kind="ratio", unit="score", drill=("cross_sell_lines", "cross_sell_customers"))
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

    def _drill_cross_sell_lines(self, date_from, date_to, company):
        """The product lines of the confirmed orders of the period, from
        which the (customer, product category) pairs are counted."""
        domain = [
            ("order_id.state", "=", "sale"),
            ("order_id.company_id", "=", company.id),
            *datetime_domain("order_id.date_order", date_from, date_to, company),
            ("product_id", "!=", False),
            ("display_type", "=", False),
        ]
        return Drill(
            "sale.order.line",
            domain,
            self.env._("Order lines (customer and category pairs)"),
        )

    def _drill_cross_sell_customers(self, date_from, date_to, company):
        """The customers (commercial partners) of the confirmed orders of the
        period."""
        flush_sales(self.env)
        start, end = datetime_bounds(date_from, date_to, company)
        query = SQL(
            """
            SELECT DISTINCT rp.commercial_partner_id
              FROM sale_order so
              JOIN res_partner rp ON rp.id = so.partner_id
             WHERE so.state = 'sale' AND so.company_id = %s
               AND so.date_order >= %s AND so.date_order < %s
            """,
            company.id,
            start,
            end,
        )
        label = self.env._("Customers ordering")
        return Drill("res.partner", ids_domain(self.env, query), label)
