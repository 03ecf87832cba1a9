# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Lead and opportunity KPIs (``crm.lead``, archived records included).

Odoo 18 semantics: won = in a won stage and active; lost = archived with
probability 0; ``date_closed`` is set in both cases.
"""

from odoo import models
from odoo.tools import SQL, create_index

from odoo.addons.crm_lifecycle.tools import local_day

from ..kpis import kpi, measure, ratio, shared_periods
from ..kpis.common import in_periods, period_rows, rows_by_period


class CrmSuccessKpiLeads(models.Model):
    _inherit = "crm.success.kpi"

    def init(self):
        result = super().init()
        # win_rate and sales_cycle_days read the opportunities closed in a
        # period: without it, every scorecard reads the whole lead table.
        create_index(
            self.env.cr,
            "crm_lead_date_closed_crm_success_index",
            "crm_lead",
            ["date_closed"],
            where="date_closed IS NOT NULL",
        )
        return result

    def _leads_flush(self):
        self.env["crm.lead"].flush_model(
            [
                "company_id",
                "type",
                "stage_id",
                "active",
                "probability",
                "date_closed",
                "partner_id",
            ]
        )
        self.env["crm.stage"].flush_model(["is_won"])

    def _leads_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("leads", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._leads_query_counts(periods, company),
        )

    def _leads_query_counts(self, periods, company):
        """{period: counts} of the company's leads and opportunities, in one
        query: created in the period (``created``) and of those converted
        (``converted``, see ``_kpi_lead_to_customer_rate``); opportunities
        closed in the period won (``won``, with their total days from creation
        to closing ``won_days``) and lost (``lost``)."""
        self._leads_flush()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        # The customers' last purchase of each period: a lead created in the
        # period converts when its customer bought from that day to the
        # period's end (a join, not a search of the purchases per lead).
        bought = SQL(" UNION ALL ").join(
            SQL(
                "SELECT %s AS idx, purchase.partner_id, MAX(purchase.day) AS last_day"
                " FROM (%s) purchase WHERE purchase.is_purchase"
                " GROUP BY purchase.partner_id",
                idx,
                self._sales_purchases(company, date_from, date_to),
            )
            for idx, (date_from, date_to) in enumerate(periods)
        )
        query = SQL(
            """
            SELECT period.idx,
                   COUNT(*) FILTER (WHERE flag.created),
                   COUNT(*) FILTER (WHERE flag.created
                                      AND bought.last_day >= %(created_day)s),
                   COUNT(*) FILTER (WHERE flag.won),
                   COUNT(*) FILTER (WHERE flag.closed AND NOT lead.active
                                      AND lead.probability = 0),
                   COALESCE(SUM(EXTRACT(EPOCH FROM lead.date_closed - lead.create_date))
                            FILTER (WHERE flag.won), 0) / 86400.0
              FROM (%(periods)s) period
              JOIN crm_lead lead
                ON (lead.create_date >= period.start_at
                    AND lead.create_date < period.end_at)
                OR (lead.date_closed >= period.start_at
                    AND lead.date_closed < period.end_at)
              LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
              LEFT JOIN res_partner customer ON customer.id = lead.partner_id
              LEFT JOIN (%(bought)s) bought
                ON bought.idx = period.idx
               AND bought.partner_id = customer.commercial_partner_id
             CROSS JOIN LATERAL (
                   SELECT %(created)s AS created, %(closed)s AS closed,
                          %(closed)s AND lead.active AND stage.is_won AS won
                   ) flag
             WHERE lead.company_id = %(company)s
               AND (%(created_in)s OR %(closed_in)s)
             GROUP BY period.idx
            """,
            created=SQL(
                "lead.create_date >= period.start_at"
                " AND lead.create_date < period.end_at"
            ),
            closed=SQL(
                "lead.type = 'opportunity' AND lead.date_closed >= period.start_at"
                " AND lead.date_closed < period.end_at"
            ),
            created_day=local_day(SQL("lead.create_date"), company._lifecycle_tz()),
            periods=period_rows(periods, company),
            created_in=in_periods(SQL("lead.create_date"), periods, company),
            closed_in=in_periods(SQL("lead.date_closed"), periods, company),
            bought=bought,
            company=company.id,
        )
        keys = ("created", "converted", "won", "lost", "won_days")
        return rows_by_period(self.env, query, periods, keys)

    @kpi(kind="flow", unit="count", significance_test="poisson")
    def _kpi_leads_created(self, date_from, date_to, company):
        """Leads and opportunities created in the period."""
        return measure(self._leads_counts(date_from, date_to, company)["created"])

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_win_rate(self, date_from, date_to, company):
        """% won / (won + lost) of the opportunities closed in the period."""
        counts = self._leads_counts(date_from, date_to, company)
        return ratio(counts["won"], counts["won"] + counts["lost"], 100.0)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_lead_to_customer_rate(self, date_from, date_to, company):
        """% of the leads created in the period whose customer has a purchase
        from the company (see ``_sales_purchases``) dated from the day of the
        lead's creation to date_to."""
        counts = self._leads_counts(date_from, date_to, company)
        return ratio(counts["converted"], counts["created"], 100.0)

    @kpi(kind="ratio", unit="days", direction="down")
    def _kpi_sales_cycle_days(self, date_from, date_to, company):
        """Mean days from creation to closing of the opportunities won in the period."""
        counts = self._leads_counts(date_from, date_to, company)
        return ratio(counts["won_days"], counts["won"])
