# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Complaint KPIs (``crm.complaint`` of crm_lifecycle), by ``date_received``
or, for resolution KPIs, by ``date_resolved`` of resolved complaints."""

from odoo.tools import SQL

from . import kpi_handler, measure, ratio
from .common import confirmed_orders, datetime_bounds, fetch_one


def _flush_complaints(env):
    env["crm.complaint"].flush_model(
        ["company_id", "date_received", "date_resolved", "state"]
    )


def _received(env, date_from, date_to, company):
    start, end = datetime_bounds(date_from, date_to)
    _flush_complaints(env)
    (count,) = fetch_one(
        env,
        SQL(
            "SELECT count(*) FROM crm_complaint complaint WHERE complaint.company_id"
            " = %s"
            " AND complaint.date_received >= %s AND complaint.date_received < %s",
            company.id,
            start,
            end,
        ),
    )
    return count


@kpi_handler("complaints_count")
def complaints_count(env, date_from, date_to, company):
    """Complaints received in the period."""
    return measure(_received(env, date_from, date_to, company))


@kpi_handler("complaints_per_100_orders")
def complaints_per_100_orders(env, date_from, date_to, company):
    """Complaints received / confirmed orders of the period × 100."""
    complaints = _received(env, date_from, date_to, company)
    start, end = datetime_bounds(date_from, date_to)
    env["sale.order"].flush_model(["state", "company_id", "partner_id", "date_order"])
    (orders,) = fetch_one(
        env,
        SQL(
            "SELECT count(*) FROM %s AND so.date_order >= %s AND so.date_order < %s",
            confirmed_orders(company),
            start,
            end,
        ),
    )
    return ratio(complaints, orders, 100.0)


def _resolved(env, date_from, date_to, company):
    """(resolved in the period, total hours to resolve, resolved within target)."""
    start, end = datetime_bounds(date_from, date_to)
    _flush_complaints(env)
    company.flush_recordset(["success_complaint_target_hours"])
    return fetch_one(
        env,
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


@kpi_handler("complaint_resolution_hours")
def complaint_resolution_hours(env, date_from, date_to, company):
    """Mean hours from receipt to resolution of complaints resolved in the period."""
    resolved, hours, _in_target = _resolved(env, date_from, date_to, company)
    return ratio(hours, resolved)


@kpi_handler("complaints_resolved_in_target")
def complaints_resolved_in_target(env, date_from, date_to, company):
    """% of the complaints resolved in the period within the company's target hours."""
    resolved, _hours, in_target = _resolved(env, date_from, date_to, company)
    return ratio(in_target, resolved, 100.0)
