# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Campaign KPIs: the new customers of a period attributed to a UTM campaign
(``crm.campaign.report._new_customers_query``), their first-year revenue and
the campaigns' costs (``crm.campaign.cost``), in company currency."""

from odoo import models
from odoo.tools import SQL

from ..kpis import Drill, kpi, ratio, shared_periods
from ..kpis.common import date_domain, ids_domain, rows_by_period

KEYS = ("new", "campaign_new", "campaign_revenue", "cost")


class CrmSuccessKpiCampaigns(models.Model):
    _inherit = "crm.success.kpi"

    def _campaigns_new_customers(self, date_from, date_to, company, purchases):
        """SQL rows of ``_new_customers_query``: the company's new customers
        of the period, as ``_sales_customer_sets`` says (its ``new`` set)."""
        new = self._sales_customer_sets(date_from, date_to, company, purchases)["new"]
        return self.env["crm.campaign.report"]._new_customers_query(
            purchases,
            SQL(
                "purchase.day BETWEEN %s AND %s AND %s",
                date_from,
                date_to,
                new,
            ),
        )

    def _campaigns_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``).

        Keys: ``new`` (new customers), ``campaign_new`` (of which attributed to
        a campaign), ``campaign_revenue`` (their first-year revenue) and
        ``cost`` (campaign costs dated in the period)."""
        return shared_periods(
            self.env,
            ("campaigns", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._campaigns_query_counts(periods, company),
        )

    def _campaigns_query_counts(self, periods, company):
        # one branch per period, as the customer counts (see
        # ``_sales_query_customer_counts``); the costs are a scalar subquery
        self.env["crm.campaign.cost"].flush_model(["amount", "date", "company_id"])
        purchases = self._sales_purchases(company)
        branches = [
            SQL(
                """
                SELECT %(idx)s, COUNT(*),
                       COUNT(*) FILTER (WHERE customer.campaign_id IS NOT NULL),
                       COALESCE(SUM(customer.first_year_revenue)
                                FILTER (WHERE customer.campaign_id IS NOT NULL), 0),
                       (SELECT COALESCE(SUM(cost.amount), 0)
                          FROM crm_campaign_cost cost
                         WHERE cost.company_id = %(company)s
                           AND cost.date BETWEEN %(date_from)s AND %(date_to)s)
                  FROM (%(customers)s) customer
                """,
                idx=idx,
                company=company.id,
                date_from=date_from,
                date_to=date_to,
                customers=self._campaigns_new_customers(
                    date_from, date_to, company, purchases
                ),
            )
            for idx, (date_from, date_to) in enumerate(periods)
        ]
        return {
            period: {key: float(value) for key, value in counts.items()}
            for period, counts in rows_by_period(
                self.env, SQL(" UNION ALL ").join(branches), periods, KEYS
            ).items()
        }

    # ------------------------------------------------------------------
    # DRILL-DOWN
    # ------------------------------------------------------------------
    def _campaigns_customers_query(self, date_from, date_to, company):
        purchases = self._sales_purchases(company)
        return SQL(
            "SELECT * FROM (%s) customer WHERE customer.campaign_id IS NOT NULL",
            self._campaigns_new_customers(date_from, date_to, company, purchases),
        )

    def _drill_campaign_customers_new(self, date_from, date_to, company):
        query = SQL(
            "SELECT partner_id FROM (%s) customer",
            self._campaigns_customers_query(date_from, date_to, company),
        )
        return Drill(
            "res.partner",
            ids_domain(self.env, query),
            self.env._("New customers from a campaign"),
        )

    def _drill_campaign_customers_revenue(self, date_from, date_to, company):
        """The purchases (and credit notes) of the first year of the new
        customers from a campaign."""
        query = SQL(
            """
            SELECT stored.id
              FROM (%(customers)s) customer
              JOIN crm_lifecycle_purchase stored
                ON stored.partner_id = customer.partner_id
               AND stored.company_id = customer.company_id
               AND stored.date >= customer.day
               AND stored.date < customer.day + %(days)s
            """,
            customers=self._campaigns_customers_query(date_from, date_to, company),
            days=self.env["crm.campaign.report"]._first_year_days,
        )
        return Drill(
            "crm.lifecycle.purchase",
            ids_domain(self.env, query),
            self.env._("First-year purchases of the new customers from a campaign"),
            measure=("amount", 1),
        )

    def _drill_campaign_costs(self, date_from, date_to, company):
        domain = [
            ("company_id", "=", company.id),
            *date_domain("date", date_from, date_to),
        ]
        return Drill(
            "crm.campaign.cost",
            domain,
            self.env._("Campaign costs"),
            measure=("amount", 1),
        )

    # ------------------------------------------------------------------
    # KPIS
    # ------------------------------------------------------------------
    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("campaign_customers_new", "customers_new"),
    )
    def _kpi_campaign_customer_share(self, date_from, date_to, company):
        """% of the new customers of the period whose first purchase carries
        a UTM campaign."""
        counts = self._campaigns_counts(date_from, date_to, company)
        return ratio(counts["campaign_new"], counts["new"], 100.0)

    @kpi(
        kind="ratio",
        unit="currency",
        direction="down",
        drill=("campaign_costs", "campaign_customers_new"),
    )
    def _kpi_campaign_cost_per_new_customer(self, date_from, date_to, company):
        """Campaign costs of the period / new customers from a campaign."""
        counts = self._campaigns_counts(date_from, date_to, company)
        return ratio(counts["cost"], counts["campaign_new"])

    @kpi(
        kind="ratio",
        unit="percent",
        drill=("campaign_customers_revenue", "campaign_costs"),
    )
    def _kpi_campaign_return_on_spend(self, date_from, date_to, company):
        """First-year revenue of the new customers from a campaign / campaign
        costs of the period x 100."""
        counts = self._campaigns_counts(date_from, date_to, company)
        return ratio(counts["campaign_revenue"], counts["cost"], 100.0)
