# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Lifecycle and referral KPIs (crm_lifecycle's history, stages and referrals).

A customer of the company is a commercial partner with a purchase from it
(see ``_sales_customer_of``).
"""

from odoo import models
from odoo.tools import SQL

from ..kpis import kpi, measure, ratio, shared_periods
from ..kpis.common import period_rows, rows_by_period


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

    def _lifecycle_query_history_counts(self, periods, company):
        self.env["crm.lifecycle.history"].flush_model(
            ["partner_id", "stage_to_id", "date"]
        )
        self.env["crm.lifecycle.stage"].flush_model(["code"])
        self.env["res.partner"].flush_model(["company_id", "commercial_partner_id"])
        # the last transition of each customer by each period's end: the
        # history read once, newest first per customer
        query = SQL(
            """
            SELECT transition.idx,
                   count(*) FILTER (WHERE transition.last AND stage.code = 'at_risk'),
                   count(*) FILTER (WHERE transition.last AND stage.code = 'advocate'),
                   count(*) FILTER (WHERE stage.code = 'churned'
                                    AND transition.date >= transition.date_from)
              FROM (SELECT period.idx, period.date_from, history.partner_id,
                           history.stage_to_id, history.date,
                           row_number() OVER (
                               PARTITION BY period.idx, history.partner_id
                               ORDER BY history.date DESC, history.id DESC) = 1
                               AS last
                      FROM crm_lifecycle_history history
                      JOIN (%(periods)s) period ON history.date <= period.date_to
                   ) transition
              JOIN crm_lifecycle_stage stage ON stage.id = transition.stage_to_id
              JOIN res_partner partner ON partner.id = transition.partner_id
             WHERE (transition.last OR transition.date >= transition.date_from)
               AND stage.code IN ('at_risk', 'advocate', 'churned')
               AND %(customer)s
          GROUP BY transition.idx
            """,
            periods=period_rows(periods, company),
            customer=self._sales_customer_of(company, "partner"),
        )
        keys = ("at_risk", "advocate", "churned")
        return rows_by_period(self.env, query, periods, keys)

    @kpi(kind="stock", unit="count", direction="down")
    def _kpi_customers_at_risk(self, date_from, date_to, company):
        """Customers in the "at risk" lifecycle stage at date_to."""
        counts = self._lifecycle_history_counts(date_from, date_to, company)
        return measure(counts["at_risk"])

    @kpi(kind="stock", unit="count")
    def _kpi_advocates(self, date_from, date_to, company):
        """Customers in the "advocate" lifecycle stage at date_to."""
        counts = self._lifecycle_history_counts(date_from, date_to, company)
        return measure(counts["advocate"])

    @kpi(kind="flow", unit="count", direction="down", significance_test="poisson")
    def _kpi_customers_churned(self, date_from, date_to, company):
        """Transitions of the company's customers to "churned" dated in the
        period: no purchase for more than the *Churned After* days of their
        company (the lifecycle's churn rule)."""
        counts = self._lifecycle_history_counts(date_from, date_to, company)
        return measure(counts["churned"])

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_referral_rate(self, date_from, date_to, company):
        """% of the new customers of the period with a referrer or a referral
        channel."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        return ratio(counts["new_referred"], counts["new"], 100.0)

    @kpi(kind="flow", unit="currency")
    def _kpi_referred_revenue(self, date_from, date_to, company):
        """Untaxed revenue of the period's purchases of referred customers."""
        totals = self._sales_order_totals(date_from, date_to, company)
        return measure(totals["referred_amount"])
