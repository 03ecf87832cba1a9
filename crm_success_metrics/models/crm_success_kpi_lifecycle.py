# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Lifecycle and referral KPIs (crm_lifecycle's history, stages and referrals).

A customer of the company is a commercial partner with a purchase from it
(see ``_sales_customer_of``).
"""

from odoo import models
from odoo.tools import SQL

from ..kpis import Drill, kpi, measure, ratio, shared_periods
from ..kpis.common import ids_domain, rows_by_period


class CrmSuccessKpiLifecycle(models.Model):
    _inherit = "crm.success.kpi"

    def _lifecycle_history_counts(self, date_from, date_to, company):
        """Counts of the company's customers from their lifecycle history, in
        one query for all the periods of a scorecard (see ``shared_periods``):
        ``at_risk`` and ``advocate`` (in that stage at date_to: the target of
        their last transition by then), ``churned`` (transitions to churned
        dated in the period)."""
        return shared_periods(
            self.env,
            ("history", company.id),
            date_from,
            date_to,
            lambda periods: self._lifecycle_query_history_counts(periods, company),
        )

    def _lifecycle_flush(self):
        self.env["crm.lifecycle.history"].flush_model(
            ["partner_id", "stage_to_id", "date"]
        )
        self.env["crm.lifecycle.stage"].flush_model(["code"])
        self.env["res.partner"].flush_model(["company_id", "commercial_partner_id"])

    def _lifecycle_last_stages(self, date_to, company):
        """SQL rows ``(id, code)``: the company's customers in the stage
        ``at_risk`` or ``advocate`` at ``date_to``, the target of their last
        transition by then."""
        return SQL(
            """
            SELECT last.id, stage.code
              FROM (SELECT DISTINCT ON (history.partner_id)
                           history.partner_id AS id, history.stage_to_id
                      FROM crm_lifecycle_history history
                     WHERE history.date <= %(date_to)s
                  ORDER BY history.partner_id, history.date DESC,
                           history.id DESC) last
              JOIN crm_lifecycle_stage stage ON stage.id = last.stage_to_id
             WHERE stage.code IN ('at_risk', 'advocate') AND %(last_is_customer)s
            """,
            date_to=date_to,
            last_is_customer=self._sales_customer_of(company, "last"),
        )

    def _lifecycle_churn_moves(self, date_from, date_to, company):
        """SQL rows ``(history_id, id)``: the transitions of the company's
        customers to churned dated in the period."""
        return SQL(
            """
            SELECT moved.history_id, moved.id
              FROM (SELECT history.id AS history_id, history.partner_id AS id
                      FROM crm_lifecycle_history history
                      JOIN crm_lifecycle_stage stage
                        ON stage.id = history.stage_to_id
                     WHERE stage.code = 'churned'
                       AND history.date BETWEEN %(date_from)s AND %(date_to)s) moved
             WHERE %(mover_is_customer)s
            """,
            date_from=date_from,
            date_to=date_to,
            mover_is_customer=self._sales_customer_of(company, "moved"),
        )

    def _lifecycle_query_history_counts(self, periods, company):
        """The last transition of each customer by each period's end (its
        stage), and the transitions to churned dated in the period."""
        self._lifecycle_flush()
        # one branch per period, its dates written as constants so that
        # PostgreSQL estimates them (and reads the branches in parallel)
        query = SQL(" UNION ALL ").join(
            SQL(
                """
                SELECT %(idx)s,
                       count(*) FILTER (WHERE last.code = 'at_risk'),
                       count(*) FILTER (WHERE last.code = 'advocate'),
                       (SELECT count(*) FROM (%(churned)s) churned)
                  FROM (%(last)s) last
                """,
                idx=idx,
                churned=self._lifecycle_churn_moves(date_from, date_to, company),
                last=self._lifecycle_last_stages(date_to, company),
            )
            for idx, (date_from, date_to) in enumerate(periods)
        )
        keys = ("at_risk", "advocate", "churned")
        return rows_by_period(self.env, query, periods, keys)

    def _lifecycle_stage_drill(self, code, label, date_to, company):
        self._lifecycle_flush()
        query = SQL(
            "SELECT last.id FROM (%s) last WHERE last.code = %s",
            self._lifecycle_last_stages(date_to, company),
            code,
        )
        return Drill("res.partner", ids_domain(self.env, query), label)

    def _drill_customers_at_risk(self, date_from, date_to, company):
        label = self.env._("Customers at risk")
        return self._lifecycle_stage_drill("at_risk", label, date_to, company)

    def _drill_advocates(self, date_from, date_to, company):
        label = self.env._("Advocates")
        return self._lifecycle_stage_drill("advocate", label, date_to, company)

    def _drill_churn_moves(self, date_from, date_to, company):
        """The lifecycle history rows of the customers' moves to churned."""
        self._lifecycle_flush()
        query = SQL(
            "SELECT moves.history_id FROM (%s) moves",
            self._lifecycle_churn_moves(date_from, date_to, company),
        )
        label = self.env._("Moves to churned")
        return Drill("crm.lifecycle.history", ids_domain(self.env, query), label)

    @kpi(kind="stock", unit="count", direction="down", drill=("customers_at_risk",))
    def _kpi_customers_at_risk(self, date_from, date_to, company):
        """Customers in the "at risk" lifecycle stage at date_to."""
        counts = self._lifecycle_history_counts(date_from, date_to, company)
        return measure(counts["at_risk"])

    @kpi(kind="stock", unit="count", drill=("advocates",))
    def _kpi_advocates(self, date_from, date_to, company):
        """Customers in the "advocate" lifecycle stage at date_to."""
        counts = self._lifecycle_history_counts(date_from, date_to, company)
        return measure(counts["advocate"])

    @kpi(
        kind="flow",
        unit="count",
        direction="down",
        significance_test="poisson",
        drill=("churn_moves",),
    )
    def _kpi_customers_churned(self, date_from, date_to, company):
        """Transitions of the company's customers to "churned" dated in the
        period: no purchase for more than the *Churned After* days of their
        company (the lifecycle's churn rule)."""
        counts = self._lifecycle_history_counts(date_from, date_to, company)
        return measure(counts["churned"])

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("customers_new_referred", "customers_new"),
    )
    def _kpi_referral_rate(self, date_from, date_to, company):
        """% of the new customers of the period with a referrer or a referral
        channel."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        return ratio(counts["new_referred"], counts["new"], 100.0)

    @kpi(kind="flow", unit="currency", drill=("referred_purchase_rows",))
    def _kpi_referred_revenue(self, date_from, date_to, company):
        """Untaxed revenue of the period's purchases of referred customers."""
        totals = self._sales_order_totals(date_from, date_to, company)
        return measure(totals["referred_amount"])
