# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Complaint KPIs (``crm.complaint`` of crm_lifecycle), by ``date_received``
or, for resolution KPIs, by ``date_resolved`` of resolved complaints."""

from dataclasses import replace

from odoo import models
from odoo.tools import SQL

from ..kpis import Drill, kpi, measure, ratio, shared_periods
from ..kpis.common import datetime_domain, in_periods, period_rows, rows_by_period


class CrmSuccessKpiComplaints(models.Model):
    _inherit = "crm.success.kpi"

    def _complaints_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("complaints", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._complaints_query_counts(periods, company),
        )

    def _complaints_query_counts(self, periods, company):
        """{period: counts} of the company's complaints, in one query: received
        in the period, and of those resolved in the period their number, total
        hours to resolve and number resolved within the company's target hours;
        received in the period and attributed to a supplier or carrier
        (``attributed``, see crm_lifecycle's ``responsible_partner_id``)."""
        self.env["crm.complaint"].flush_model(
            [
                "company_id",
                "date_received",
                "date_resolved",
                "state",
                "responsible_partner_id",
            ]
        )
        company.flush_recordset(["success_complaint_target_hours"])
        query = SQL(
            """
            SELECT period.idx,
                   COUNT(*) FILTER (WHERE flag.received),
                   COUNT(*) FILTER (WHERE flag.resolved),
                   COALESCE(SUM(flag.hours) FILTER (WHERE flag.resolved), 0),
                   COUNT(*) FILTER (WHERE flag.resolved AND flag.hours <= %(target)s),
                   COUNT(*) FILTER (WHERE flag.received
                                      AND complaint.responsible_partner_id IS NOT NULL)
              FROM (%(periods)s) period
              JOIN crm_complaint complaint
                ON (complaint.date_received >= period.start_at
                    AND complaint.date_received < period.end_at)
                OR (complaint.date_resolved >= period.start_at
                    AND complaint.date_resolved < period.end_at)
             CROSS JOIN LATERAL (
                   SELECT complaint.date_received >= period.start_at
                          AND complaint.date_received < period.end_at AS received,
                          complaint.state = 'resolved'
                          AND complaint.date_resolved >= period.start_at
                          AND complaint.date_resolved < period.end_at AS resolved,
                          EXTRACT(EPOCH FROM complaint.date_resolved
                                  - complaint.date_received) / 3600.0 AS hours
                   ) flag
             WHERE complaint.company_id = %(company)s
               AND (%(received_in)s OR %(resolved_in)s)
             GROUP BY period.idx
            """,
            target=company.success_complaint_target_hours,
            company=company.id,
            periods=period_rows(periods, company),
            received_in=in_periods(SQL("complaint.date_received"), periods, company),
            resolved_in=in_periods(SQL("complaint.date_resolved"), periods, company),
        )
        keys = ("received", "resolved", "hours", "in_target", "attributed")
        return rows_by_period(self.env, query, periods, keys)

    def _drill_complaints_received(self, date_from, date_to, company):
        domain = [
            ("company_id", "=", company.id),
            *datetime_domain("date_received", date_from, date_to, company),
        ]
        return Drill("crm.complaint", domain, self.env._("Complaints received"))

    def _drill_complaints_resolved(self, date_from, date_to, company):
        domain = [
            ("company_id", "=", company.id),
            ("state", "=", "resolved"),
            *datetime_domain("date_resolved", date_from, date_to, company),
        ]
        return Drill("crm.complaint", domain, self.env._("Complaints resolved"))

    def _drill_complaints_resolution_hours(self, date_from, date_to, company):
        """The complaints resolved, whose hours to resolve the KPI sums."""
        resolved = self._drill_complaints_resolved(date_from, date_to, company)
        return replace(resolved, measure=("resolution_hours", 1))

    def _drill_complaints_resolved_in_target(self, date_from, date_to, company):
        resolved = self._drill_complaints_resolved(date_from, date_to, company)
        target = company.success_complaint_target_hours
        return Drill(
            "crm.complaint",
            [*resolved.domain, ("resolution_hours", "<=", target)],
            self.env._("Complaints resolved within the target hours"),
        )

    def _complaints_received(self, date_from, date_to, company):
        return self._complaints_counts(date_from, date_to, company)["received"]

    @kpi(
        kind="flow",
        unit="count",
        direction="down",
        significance_test="poisson",
        drill=("complaints_received",),
    )
    def _kpi_complaints_count(self, date_from, date_to, company):
        """Complaints received in the period."""
        return measure(self._complaints_received(date_from, date_to, company))

    @kpi(
        kind="ratio",
        unit="count",
        direction="down",
        drill=("complaints_received", "purchases"),
    )
    def _kpi_complaints_per_100_orders(self, date_from, date_to, company):
        """Complaints received / confirmed orders of the period × 100."""
        complaints = self._complaints_received(date_from, date_to, company)
        orders = self._sales_order_totals(date_from, date_to, company)["count"]
        return ratio(complaints, orders, 100.0)

    @kpi(
        kind="ratio",
        unit="hours",
        direction="down",
        drill=("complaints_resolution_hours", "complaints_resolved"),
    )
    def _kpi_complaint_resolution_hours(self, date_from, date_to, company):
        """Mean hours from receipt to resolution of complaints resolved in the
        period."""
        counts = self._complaints_counts(date_from, date_to, company)
        return ratio(counts["hours"], counts["resolved"])

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("complaints_resolved_in_target", "complaints_resolved"),
    )
    def _kpi_complaints_resolved_in_target(self, date_from, date_to, company):
        """% of the complaints resolved in the period within the company's target
        hours."""
        counts = self._complaints_counts(date_from, date_to, company)
        return ratio(counts["in_target"], counts["resolved"], 100.0)
