# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Lifecycle and referral KPIs (crm_lifecycle's history, stages and referrals).

A customer of the company is a commercial partner with a purchase from it
(see ``_sales_customer_of``).
"""

from odoo import models
from odoo.tools import SQL

from ..kpis import kpi, measure, ratio, shared
from ..kpis.common import fetch_one, referred

# Stages whose population is a KPI (counting only them keeps the query light).
STOCK_STAGES = ("at_risk", "advocate")


class CrmSuccessKpiLifecycle(models.Model):
    _inherit = "crm.success.kpi"

    def _lifecycle_stage_counts(self, date_to, company):
        """{stage code: customers of the company in that stage at date_to} (shared),
        for the codes of ``STOCK_STAGES``.

        The stage at a day is the target of the customer's last transition by then.
        """
        return shared(
            self.env,
            ("stages", company.id, date_to),
            lambda: self._lifecycle_query_stage_counts(date_to, company),
        )

    def _lifecycle_query_stage_counts(self, date_to, company):
        self.env["crm.lifecycle.history"].flush_model(
            ["partner_id", "stage_to_id", "date"]
        )
        self.env["crm.lifecycle.stage"].flush_model(["code"])
        self.env["res.partner"].flush_model(["company_id", "commercial_partner_id"])
        self.env.cr.execute(
            SQL(
                "SELECT stage.code, count(*) FROM (SELECT DISTINCT ON"
                " (history.partner_id)"
                " history.partner_id, history.stage_to_id"
                " FROM crm_lifecycle_history history WHERE history.date <= %s"
                " ORDER BY history.partner_id, history.date DESC, history.id DESC) last"
                " JOIN crm_lifecycle_stage stage ON stage.id = last.stage_to_id"
                " JOIN res_partner partner ON partner.id = last.partner_id"
                " WHERE stage.code IN %s AND %s GROUP BY stage.code",
                date_to,
                STOCK_STAGES,
                self._sales_customer_of(company, "partner"),
            )
        )
        return dict(self.env.cr.fetchall())

    @kpi(kind="stock", unit="count", direction="down")
    def _kpi_customers_at_risk(self, date_from, date_to, company):
        """Customers in the "at risk" lifecycle stage at date_to."""
        return measure(self._lifecycle_stage_counts(date_to, company).get("at_risk", 0))

    @kpi(kind="stock", unit="count")
    def _kpi_advocates(self, date_from, date_to, company):
        """Customers in the "advocate" lifecycle stage at date_to."""
        return measure(
            self._lifecycle_stage_counts(date_to, company).get("advocate", 0)
        )

    @kpi(kind="flow", unit="count", direction="down", significance_test="poisson")
    def _kpi_customers_churned(self, date_from, date_to, company):
        """Transitions of the company's customers to "churned" dated in the
        period: no purchase for more than the *Churned After* days of their
        company (the lifecycle's churn rule)."""
        self.env["crm.lifecycle.history"].flush_model(
            ["partner_id", "stage_to_id", "date"]
        )
        self.env["crm.lifecycle.stage"].flush_model(["code"])
        self.env["res.partner"].flush_model(["company_id", "commercial_partner_id"])
        (count,) = fetch_one(
            self.env,
            SQL(
                "SELECT count(*) FROM crm_lifecycle_history history"
                " JOIN crm_lifecycle_stage stage ON stage.id = history.stage_to_id"
                " JOIN res_partner partner ON partner.id = history.partner_id"
                " WHERE stage.code = 'churned' AND history.date >= %s AND"
                " history.date <="
                " %s"
                " AND %s",
                date_from,
                date_to,
                self._sales_customer_of(company, "partner"),
            ),
        )
        return measure(count)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_referral_rate(self, date_from, date_to, company):
        """% of the new customers of the period with a referrer or a referral
        channel."""
        counts = self._sales_customer_counts(date_from, date_to, company)
        return ratio(counts["new_referred"], counts["new"], 100.0)

    @kpi(kind="flow", unit="currency")
    def _kpi_referred_revenue(self, date_from, date_to, company):
        """Untaxed revenue of the period's purchases of referred customers."""
        self.env["res.partner"].flush_model(
            ["referred_by_id", "acquisition_channel_id"]
        )
        self.env["crm.acquisition.channel"].flush_model(["is_referral"])
        (amount,) = fetch_one(
            self.env,
            SQL(
                "SELECT COALESCE(sum(purchase.amount), 0) FROM (%s) purchase"
                " JOIN res_partner commercial ON commercial.id = purchase.partner_id"
                " LEFT JOIN crm_acquisition_channel channel"
                " ON channel.id = commercial.acquisition_channel_id WHERE %s",
                self._sales_purchases(company, date_from, date_to),
                referred("commercial", "channel"),
            ),
        )
        return measure(amount)
