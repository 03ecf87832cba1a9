# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mailing KPIs: the mails of the company's e-mail mailings (a mailing is
the company's of its responsible, see ``crm.mailing.report``) sent in the
period, and the new customers their UTM sources brought."""

from odoo import models
from odoo.tools import SQL

from odoo.addons.crm_success_metrics.kpis import Drill, kpi, ratio, shared_periods
from odoo.addons.crm_success_metrics.kpis.common import (
    datetime_bounds,
    datetime_domain,
    ids_domain,
    rows_by_period,
)

KEYS = ("sent", "clicked", "converted")


class CrmSuccessKpiMailing(models.Model):
    _inherit = "crm.success.kpi"

    def _mailing_of_company(self, company):
        """SQL condition: the mailing ``mailing`` is an e-mail mailing of
        ``company`` (its responsible's)."""
        return SQL(
            """mailing.mailing_type = 'mail'
               AND EXISTS (SELECT 1 FROM res_users users
                            WHERE users.id = mailing.user_id
                              AND users.company_id = %s)""",
            company.id,
        )

    def _mailing_converted_query(self, date_from, date_to, company, purchases):
        """SQL rows of the new customers of the period (see
        ``_campaigns_new_customers``) whose first purchase carries the UTM
        source of one of the company's mailings."""
        return SQL(
            """
            SELECT customer.*
              FROM (%(customers)s) customer
             WHERE customer.source_id IN (SELECT mailing.source_id
                                            FROM mailing_mailing mailing
                                           WHERE %(own)s)
            """,
            customers=self._campaigns_new_customers(
                date_from, date_to, company, purchases
            ),
            own=self._mailing_of_company(company),
        )

    def _mailing_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see
        ``shared_periods``): mails ``sent`` in the period, of which
        ``clicked``, and new customers ``converted`` by a mailing."""
        return shared_periods(
            self.env,
            ("mailing", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._mailing_query_counts(periods, company),
        )

    def _mailing_query_counts(self, periods, company):
        self.env["mailing.trace"].flush_model(
            ["mass_mailing_id", "sent_datetime", "links_click_datetime"]
        )
        self.env["mailing.mailing"].flush_model(
            ["user_id", "mailing_type", "source_id"]
        )
        self.env["res.users"].flush_model(["company_id"])
        purchases = self._sales_purchases(company)
        branches = []
        for idx, (date_from, date_to) in enumerate(periods):
            start, end = datetime_bounds(date_from, date_to, company)
            branches.append(
                SQL(
                    """
                    SELECT %(idx)s, traces.sent, traces.clicked,
                           (SELECT COUNT(*) FROM (%(converted)s) converted)
                      FROM (SELECT COUNT(*) AS sent,
                                   COUNT(trace.links_click_datetime) AS clicked
                              FROM mailing_trace trace
                              JOIN mailing_mailing mailing
                                ON mailing.id = trace.mass_mailing_id
                             WHERE trace.sent_datetime >= %(start)s
                               AND trace.sent_datetime < %(end)s
                               AND %(own)s) traces
                    """,
                    idx=idx,
                    start=start,
                    end=end,
                    own=self._mailing_of_company(company),
                    converted=self._mailing_converted_query(
                        date_from, date_to, company, purchases
                    ),
                )
            )
        return {
            period: {key: float(value) for key, value in counts.items()}
            for period, counts in rows_by_period(
                self.env, SQL(" UNION ALL ").join(branches), periods, KEYS
            ).items()
        }

    # ------------------------------------------------------------------
    # DRILL-DOWN
    # ------------------------------------------------------------------
    def _mailing_traces_drill(self, label, date_from, date_to, company, domain=()):
        return Drill(
            "mailing.trace",
            [
                ("mass_mailing_id.mailing_type", "=", "mail"),
                ("mass_mailing_id.user_id.company_id", "=", company.id),
                *datetime_domain("sent_datetime", date_from, date_to, company),
                *domain,
            ],
            label,
        )

    def _drill_mailing_sent(self, date_from, date_to, company):
        label = self.env._("Mails sent by the company's mailings")
        return self._mailing_traces_drill(label, date_from, date_to, company)

    def _drill_mailing_clicked(self, date_from, date_to, company):
        label = self.env._("Mails clicked")
        return self._mailing_traces_drill(
            label, date_from, date_to, company, [("links_click_datetime", "!=", False)]
        )

    def _drill_mailing_converted(self, date_from, date_to, company):
        query = SQL(
            "SELECT partner_id FROM (%s) converted",
            self._mailing_converted_query(
                date_from, date_to, company, self._sales_purchases(company)
            ),
        )
        return Drill(
            "res.partner",
            ids_domain(self.env, query),
            self.env._("New customers from a mailing"),
        )

    # ------------------------------------------------------------------
    # KPIS
    # ------------------------------------------------------------------
    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("mailing_clicked", "mailing_sent"),
    )
    def _kpi_mailing_click_rate(self, date_from, date_to, company):
        """% of the mails sent in the period by the company's e-mail
        mailings with a link clicked."""
        counts = self._mailing_counts(date_from, date_to, company)
        return ratio(counts["clicked"], counts["sent"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        drill=("mailing_converted", "mailing_sent"),
    )
    def _kpi_mailing_conversion_rate(self, date_from, date_to, company):
        """New customers of the period whose first purchase carries the UTM
        source of one of the company's mailings, per 100 mails sent by them
        in the period."""
        counts = self._mailing_counts(date_from, date_to, company)
        return ratio(counts["converted"], counts["sent"], 100.0)
