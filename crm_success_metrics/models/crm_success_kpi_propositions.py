# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""KPIs per value proposition (``crm.value.proposition``, issue #13.5).

A built-in KPI is ``_kpi_<code>(date_from, date_to, company)``; these are
measured for one proposition too, which they read from their context: an
objective names its proposition (``value_proposition_id``) and measures its
KPI through ``crm.success.objective._measured_kpi``, a scorecard line opens
its records the same way, so baselines, scorecards, statuses and drill-downs
run the one code path of every KPI. Within a scorecard, the context also
lists every proposition its objectives measure: their figures come from one
query for all of them and all the periods (``shared_periods`` keyed by that
set).

The segment's customers are the customers of the company (commercial
partners with a purchase from it, ``_sales_customer_of``) in the segment as
it is when measured (RFM segment, Pareto class and
lifecycle stage as crm_lifecycle last computed them), see
``crm.value.proposition._segment_domain``; their purchases are those of
``crm.lifecycle.purchase``, the one definition the sales KPIs read.
"""

from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..kpis import Drill, kpi, measure, ratio, shared_periods
from ..kpis.common import (
    date_domain,
    flush_sales,
    ids_domain,
    in_periods,
    period_rows,
)

# Context keys: the proposition a KPI measures, and the propositions a
# scorecard measures (all measured by one query).
PROPOSITION_KEY = "crm_success_value_proposition_id"
PROPOSITIONS_KEY = "crm_success_value_proposition_ids"
# The figures of a proposition for a period (see _value_proposition_query);
# an addon adds its own with _value_proposition_branches.
FIGURES = ("segment", "takers", "revenue", "active_start", "retained")


class CrmSuccessKpiPropositions(models.Model):
    _inherit = "crm.success.kpi"

    per_value_proposition = fields.Boolean(
        compute="_compute_per_value_proposition",
        help="Measured for one value proposition, which each objective names.",
    )

    def _compute_per_value_proposition(self):
        handlers = self._value_proposition_handlers()
        for kpi_record in self:
            kpi_record.per_value_proposition = (
                kpi_record.source == "builtin" and kpi_record.handler in handlers
            )

    # ------------------------------------------------------------------
    # WHICH KPIS, WHICH PROPOSITION
    # ------------------------------------------------------------------

    @api.model
    def _value_proposition_handlers(self):
        """The built-in KPIs measured per value proposition (hook: an addon
        adding one extends it with ``super()``)."""
        return {
            "proposition_uptake",
            "proposition_revenue",
            "proposition_retention",
        }

    def _with_value_proposition(self, proposition):
        """The KPI measuring ``proposition`` (none for the other KPIs)."""
        if not self.per_value_proposition:
            return self
        return self.with_context(**{PROPOSITION_KEY: proposition.id})

    def _value_proposition(self):
        """The proposition this KPI measures, or a UserError when none."""
        proposition = self.env["crm.value.proposition"].browse(
            self.env.context.get(PROPOSITION_KEY)
        )
        if not proposition:
            raise UserError(
                self.env._(
                    "This KPI is measured per value proposition: its objective "
                    "must name one."
                )
            )
        return proposition

    # ------------------------------------------------------------------
    # THE FIGURES: one query for every proposition and period
    # ------------------------------------------------------------------

    def _value_proposition_figures(self, date_from, date_to, company):
        """{figure: number} of the proposition of the context over the
        period (keys of ``FIGURES``): within a scorecard, from one query for
        all its propositions and periods (``shared_periods``)."""
        proposition = self._value_proposition()
        measured = set(self.env.context.get(PROPOSITIONS_KEY) or ())
        ids = tuple(sorted(measured | {proposition.id}))
        propositions = proposition.browse(ids)
        figures = shared_periods(
            self.env,
            ("value_propositions", company.id, company._lifecycle_tz(), ids),
            date_from,
            date_to,
            lambda periods: self._value_proposition_query(
                periods, company, propositions
            ),
        )
        return figures[proposition.id]

    def _value_proposition_segment(self, propositions, company):
        """SQL rows ``(proposition_id, partner_id)``: the customers of each
        proposition's segment: the active customers of ``company`` (see
        ``_sales_customer_of``) matching it or with a contact matching it."""
        Partner = self.env["res.partner"].sudo().with_context(active_test=True)
        Partner.flush_model(["commercial_partner_id", "company_id", "active"])
        matches = [
            Partner._search(proposition._segment_domain()).subselect(
                SQL("%s AS proposition_id", proposition.id),
                SQL("res_partner.commercial_partner_id AS partner_id"),
            )
            for proposition in propositions
        ]
        return SQL(
            """
            SELECT DISTINCT matched.proposition_id, matched.partner_id
              FROM (%(matches)s) matched
              JOIN res_partner commercial ON commercial.id = matched.partner_id
             WHERE commercial.active AND %(customer)s
            """,
            matches=SQL(" UNION ALL ").join(matches),
            customer=self._sales_customer_of(company, "commercial"),
        )

    def _value_proposition_offers(self, propositions):
        """SQL of two CTEs: ``offer(proposition_id, pricelist_id,
        campaign_id)``, each proposition's offer, and
        ``offer_product(proposition_id, product_id)``, the products of its
        product categories and their subcategories (found once, not for each
        purchase)."""
        rows = [
            SQL(
                "(%s, %s::integer, %s::integer, %s::varchar[])",
                proposition.id,
                proposition.pricelist_id.id or None,
                proposition.campaign_id.id or None,
                [
                    f"{path}%"
                    for path in proposition.product_category_ids.mapped("parent_path")
                ],
            )
            for proposition in propositions
        ]
        return SQL(
            """
            offer AS (
                SELECT * FROM (VALUES %(rows)s)
                       offer(proposition_id, pricelist_id, campaign_id, paths)
            ), offer_product AS MATERIALIZED (
                SELECT offer.proposition_id, product.id AS product_id
                  FROM offer
                  JOIN product_category category
                    ON category.parent_path LIKE ANY(offer.paths)
                  JOIN product_template template ON template.categ_id = category.id
                  JOIN product_product product
                    ON product.product_tmpl_id = template.id
            )
            """,
            rows=SQL(", ").join(rows),
        )

    def _value_proposition_taken(self):
        """SQL condition: the ``purchase`` (a row of ``_sales_purchases``)
        takes the ``offer`` (CTEs of ``_value_proposition_offers``) up: its
        order, or its invoice, has the pricelist (an invoice: one of the
        orders it invoices), comes from the campaign or has a line of a
        product of the categories."""
        return SQL(
            """
            (EXISTS (SELECT 1 FROM sale_order so
                      WHERE so.id = purchase.order_id
                        AND (so.pricelist_id = offer.pricelist_id
                             OR so.campaign_id = offer.campaign_id
                             OR EXISTS (
                                SELECT 1 FROM sale_order_line line
                                  JOIN offer_product
                                    ON offer_product.product_id = line.product_id
                                 WHERE line.order_id = so.id
                                   AND offer_product.proposition_id
                                       = offer.proposition_id)))
             OR EXISTS (SELECT 1 FROM account_move move
                         WHERE move.id = purchase.move_id
                           AND (move.campaign_id = offer.campaign_id
                                OR EXISTS (
                                   SELECT 1 FROM account_move_line line
                                     JOIN offer_product
                                       ON offer_product.product_id = line.product_id
                                    WHERE line.move_id = move.id
                                      AND offer_product.proposition_id
                                          = offer.proposition_id)
                                OR EXISTS (
                                   SELECT 1 FROM account_move_line line
                                     JOIN sale_order_line_invoice_rel rel
                                       ON rel.invoice_line_id = line.id
                                     JOIN sale_order_line order_line
                                       ON order_line.id = rel.order_line_id
                                     JOIN sale_order so ON so.id = order_line.order_id
                                    WHERE line.move_id = move.id
                                      AND so.pricelist_id = offer.pricelist_id))))
            """
        )

    def _value_proposition_flush(self):
        flush_sales(self.env)
        self.env["sale.order"].flush_model(["pricelist_id", "campaign_id"])
        self.env["sale.order.line"].flush_model(["order_id", "product_id"])
        self.env["account.move"].flush_model(["campaign_id"])
        self.env["account.move.line"].flush_model(
            ["move_id", "product_id", "sale_line_ids"]
        )
        self.env["product.product"].flush_model(["product_tmpl_id"])
        self.env["product.template"].flush_model(["categ_id"])
        self.env["product.category"].flush_model(["parent_path"])

    def _value_proposition_period_purchases(
        self, periods, company, purchases, joins=None
    ):
        """SQL ``FROM ... WHERE``: the purchase rows (``purchase``) of the
        segments' customers (``segment``) in each of ``periods``
        (``period``), with the SQL ``joins`` (on these aliases)."""
        return SQL(
            """
              FROM (%(purchases)s) purchase
              JOIN segment ON segment.partner_id = purchase.partner_id
              JOIN (%(periods)s) period
                ON purchase.day BETWEEN period.date_from AND period.date_to
              %(joins)s
             WHERE %(in_periods)s
            """,
            purchases=purchases,
            periods=period_rows(periods, company),
            joins=joins or SQL(),
            in_periods=in_periods(SQL("purchase.day"), periods, company, days=True),
        )

    def _value_proposition_branches(self, periods, company, purchases):
        """SQL queries of rows ``(period index, proposition_id, figure,
        number)``, one per figure and proposition with data, reading the
        CTEs ``segment`` (``_value_proposition_segment``), ``offer`` and
        ``offer_product`` (``_value_proposition_offers``); ``purchases``: the company's
        purchases (``_sales_purchases``). Hook: an addon adds its figures
        (see crm_success_metrics_sale_margin)."""
        period_purchases = self._value_proposition_period_purchases(
            periods, company, purchases
        )
        branches = [
            # the segment, as it is now: the same for every period
            SQL(
                """
                SELECT period.idx, segment.proposition_id, 'segment', COUNT(*)
                  FROM segment CROSS JOIN (%s) period
              GROUP BY period.idx, segment.proposition_id
                """,
                period_rows(periods, company),
            ),
            # one pass over the period's purchases of the segment: revenue
            # and the customers taking the offer up
            SQL(
                """
                SELECT totals.idx, totals.proposition_id, figure.name, figure.number
                  FROM (SELECT period.idx, segment.proposition_id,
                               SUM(purchase.amount) AS revenue,
                               COUNT(DISTINCT purchase.partner_id) FILTER (
                                   WHERE purchase.is_purchase AND %(taken)s
                               ) AS takers
                        %(purchases)s
                      GROUP BY period.idx, segment.proposition_id) totals
                 CROSS JOIN LATERAL (VALUES ('revenue', totals.revenue),
                                            ('takers', totals.takers))
                       figure(name, number)
                """,
                purchases=period_purchases,
                taken=SQL(
                    "EXISTS (SELECT 1 FROM offer WHERE offer.proposition_id ="
                    " segment.proposition_id AND %s)",
                    self._value_proposition_taken(),
                ),
            ),
        ]
        # the retention of the sales KPIs (customer_retention_rate), among
        # the segment's customers: each customer counts on one purchase of
        # the period's window (see _sales_customer_sets)
        for idx, (date_from, date_to) in enumerate(periods):
            sets = self._sales_customer_sets(date_from, date_to, company, purchases)
            window = self._sales_customer_window(
                date_from,
                date_to,
                company,
                SQL(
                    "SELECT purchase.*, segment.proposition_id FROM (%s) purchase"
                    " JOIN segment ON segment.partner_id = purchase.partner_id",
                    purchases,
                ),
            )
            branches.append(
                SQL(
                    """
                    SELECT %(idx)s, counts.proposition_id, figure.name, figure.number
                      FROM (SELECT purchase.proposition_id,
                                   COUNT(*) FILTER (WHERE %(start)s) AS active_start,
                                   COUNT(*) FILTER (WHERE %(retained)s) AS retained
                            %(window)s
                          GROUP BY purchase.proposition_id) counts
                     CROSS JOIN LATERAL (VALUES ('active_start', counts.active_start),
                                                ('retained', counts.retained))
                           figure(name, number)
                    """,
                    idx=idx,
                    start=sets["active_start"],
                    retained=sets["retained"],
                    window=window,
                )
            )
        return branches

    def _value_proposition_query(self, periods, company, propositions):
        """{period: {proposition id: {figure: number}}} of ``propositions``
        over ``periods``, from one query (figures without data are 0):

        - ``segment``: the segment's customers (now);
        - ``takers``: of them, those with a purchase of the period taking the
          offer up (``_value_proposition_taken``);
        - ``revenue``: the untaxed revenue of their purchases of the period,
          credit notes deducted, in company currency (as ``sales_revenue``);
        - ``active_start``, ``retained``: of them, those active at the start
          of the period, and still active at its end (as
          ``customer_retention_rate``).
        """
        self._value_proposition_flush()
        purchases = self._sales_purchases(company)
        segment = self._value_proposition_segment(propositions, company)
        branches = self._value_proposition_branches(periods, company, purchases)
        self.env.cr.execute(
            SQL(
                """
                WITH segment AS MATERIALIZED (%(segment)s),
                     %(offers)s
                %(branches)s
                """,
                segment=segment,
                offers=self._value_proposition_offers(propositions),
                branches=SQL(" UNION ALL ").join(
                    SQL("(%s)", branch) for branch in branches
                ),
            )
        )
        figures = {
            period: {
                proposition.id: dict.fromkeys(self._value_proposition_figure_names(), 0)
                for proposition in propositions
            }
            for period in periods
        }
        for idx, proposition_id, name, number in self.env.cr.fetchall():
            figures[periods[idx]][proposition_id][name] = float(number or 0)
        return figures

    @api.model
    def _value_proposition_figure_names(self):
        """The figures of ``_value_proposition_query`` (hook)."""
        return FIGURES

    # ------------------------------------------------------------------
    # DRILL-DOWN
    # ------------------------------------------------------------------

    def _value_proposition_drill_segment(self, proposition):
        """The customers of the proposition's segment (its company's)."""
        segment = self._value_proposition_segment(proposition, proposition.company_id)
        query = SQL("SELECT partner_id FROM (%s) segment", segment)
        return Drill(
            "res.partner",
            ids_domain(self.env, query),
            self.env._("Customers of the segment"),
        )

    def _drill_proposition_segment(self, date_from, date_to, company):
        return self._value_proposition_drill_segment(self._value_proposition())

    def _value_proposition_purchases_domain(self, date_from, date_to, company):
        """Domain of the purchase rows (``crm.lifecycle.purchase``) of the
        segment's customers in the period, credit notes included."""
        proposition = self._value_proposition()
        segment = self._value_proposition_drill_segment(proposition)
        return [
            ("company_id", "=", company.id),
            *date_domain("date", date_from, date_to),
            ("partner_id", "in", segment.domain[0][2]),
        ]

    def _drill_proposition_takers(self, date_from, date_to, company):
        """The purchases taking the offer up: grouped by customer, the number
        of groups is the number of customers who took it."""
        self._value_proposition_flush()
        domain = self._value_proposition_purchases_domain(date_from, date_to, company)
        taken = self.env["crm.lifecycle.purchase"]._search(
            [*domain, ("is_purchase", "=", True)]
        )
        query = SQL(
            """
            WITH %(offers)s
            SELECT purchase.id FROM crm_lifecycle_purchase purchase, offer
             WHERE purchase.id IN %(taken)s AND %(condition)s
            """,
            offers=self._value_proposition_offers(self._value_proposition()),
            taken=taken.subselect(),
            condition=self._value_proposition_taken(),
        )
        return Drill(
            "crm.lifecycle.purchase",
            ids_domain(self.env, query),
            self.env._("Purchases of the offer"),
            group_by=("partner_id",),
        )

    def _drill_proposition_purchase_rows(self, date_from, date_to, company):
        """The purchases and credit notes of the segment's customers."""
        return Drill(
            "crm.lifecycle.purchase",
            self._value_proposition_purchases_domain(date_from, date_to, company),
            self.env._("Purchases and credit notes of the segment"),
            measure=("amount", 1),
        )

    def _value_proposition_customers_drill(
        self, key, label, date_from, date_to, company
    ):
        """The customers of the segment in the set ``key`` of
        ``_sales_customer_sets``."""
        self._value_proposition_flush()
        proposition = self._value_proposition()
        purchases = self._sales_purchases(company)
        sets = self._sales_customer_sets(date_from, date_to, company, purchases)
        query = SQL(
            """
            WITH segment AS (%(segment)s)
            SELECT purchase.partner_id %(window)s AND %(set)s
               AND purchase.partner_id IN (SELECT partner_id FROM segment)
            """,
            segment=self._value_proposition_segment(proposition, company),
            window=self._sales_customer_window(date_from, date_to, company, purchases),
            set=sets[key],
        )
        return Drill("res.partner", ids_domain(self.env, query), label)

    def _drill_proposition_retained(self, date_from, date_to, company):
        label = self.env._("Retained customers of the segment")
        return self._value_proposition_customers_drill(
            "retained", label, date_from, date_to, company
        )

    def _drill_proposition_active_start(self, date_from, date_to, company):
        label = self.env._("Customers of the segment active at the start")
        return self._value_proposition_customers_drill(
            "active_start", label, date_from, date_to, company
        )

    # ------------------------------------------------------------------
    # KPIS
    # ------------------------------------------------------------------

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("proposition_takers", "proposition_segment"),
    )
    def _kpi_proposition_uptake(self, date_from, date_to, company):
        """% of the segment's customers with a purchase of the period taking
        the offer up."""
        figures = self._value_proposition_figures(date_from, date_to, company)
        return ratio(figures["takers"], figures["segment"], 100.0)

    @kpi(kind="flow", unit="currency", drill=("proposition_purchase_rows",))
    def _kpi_proposition_revenue(self, date_from, date_to, company):
        """Untaxed revenue of the period's purchases of the segment's
        customers, credit notes deducted."""
        figures = self._value_proposition_figures(date_from, date_to, company)
        return measure(figures["revenue"])

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("proposition_retained", "proposition_active_start"),
    )
    def _kpi_proposition_retention(self, date_from, date_to, company):
        """% of the segment's customers active at the start of the period
        still active on date_to (``customer_retention_rate`` in the segment)."""
        figures = self._value_proposition_figures(date_from, date_to, company)
        return ratio(figures["retained"], figures["active_start"], 100.0)
