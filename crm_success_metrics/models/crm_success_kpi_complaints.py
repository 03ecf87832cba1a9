# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Complaint KPIs (``crm.complaint`` of crm_lifecycle), by ``date_received``
or, for resolution KPIs, by ``date_resolved`` of resolved complaints."""

from odoo import models
from odoo.tools import SQL

from ..kpis import kpi, measure, ratio
from ..kpis.common import datetime_bounds, fetch_one


class CrmSuccessKpiComplaints(models.Model):
    _inherit = "crm.success.kpi"

    def _complaints_flush(self):
        self.env["crm.complaint"].flush_model(
            ["company_id", "date_received", "date_resolved", "state"]
        )

    def _complaints_received(self, date_from, date_to, company):
        start, end = datetime_bounds(date_from, date_to, company)
        self._complaints_flush()
        (count,) = fetch_one(
            self.env,
            SQL(
                "SELECT count(*) FROM crm_complaint complaint WHERE"
                " complaint.company_id"
                " = %s"
                " AND complaint.date_received >= %s AND complaint.date_received < %s",
                company.id,
                start,
                end,
            ),
        )
        return count

    @kpi(kind="flow", unit="count", direction="down", significance_test="poisson")
    def _kpi_complaints_count(self, date_from, date_to, company):
        """Complaints received in the period."""
        return measure(self._complaints_received(date_from, date_to, company))

    @kpi(kind="ratio", unit="count", direction="down")
    def _kpi_complaints_per_100_orders(self, date_from, date_to, company):
        """Complaints received / confirmed orders of the period × 100."""
        complaints = self._complaints_received(date_from, date_to, company)
        orders, _amount = self._sales_order_totals(date_from, date_to, company)
        return ratio(complaints, orders, 100.0)

    def _complaints_resolved(self, date_from, date_to, company):
        """(resolved in the period, total hours to resolve, resolved within target)."""
        start, end = datetime_bounds(date_from, date_to, company)
        self._complaints_flush()
        company.flush_recordset(["success_complaint_target_hours"])
        return fetch_one(
            self.env,
            SQL(
                "SELECT count(*), COALESCE(sum(hours), 0), count(*) FILTER (WHERE hours"
                " <= %s)"
                " FROM (SELECT EXTRACT(EPOCH FROM complaint.date_resolved"
                " - complaint.date_received) / 3600.0 AS hours"
                " FROM crm_complaint complaint WHERE complaint.company_id = %s"
                " AND complaint.state = 'resolved'"
                " AND complaint.date_resolved >= %s AND complaint.date_resolved < %s)"
                " resolved",
                company.success_complaint_target_hours,
                company.id,
                start,
                end,
            ),
        )

    @kpi(kind="ratio", unit="hours", direction="down")
    def _kpi_complaint_resolution_hours(self, date_from, date_to, company):
        """Mean hours from receipt to resolution of complaints resolved in the
        period."""
        resolved, hours, _in_target = self._complaints_resolved(
            date_from, date_to, company
        )
        return ratio(hours, resolved)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_complaints_resolved_in_target(self, date_from, date_to, company):
        """% of the complaints resolved in the period within the company's target
        hours."""
        resolved, _hours, in_target = self._complaints_resolved(
            date_from, date_to, company
        )
        return ratio(in_target, resolved, 100.0)
