# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Staff KPIs from hr.employee hire and departure dates."""

from odoo.tools import SQL

from . import kpi_handler, measure, ratio, shared
from .complaints import _received as received_complaints


def _staff_counts(env, date_from, date_to, company):
    """Measured once per scorecard (see ``shared``)."""
    return shared(
        env,
        ("staff", company.id, date_from, date_to),
        lambda: _query_staff_counts(env, date_from, date_to, company),
    )


def _query_staff_counts(env, date_from, date_to, company):
    """Headcounts at period start and end, hires, departures and involuntary
    departures (reason "fired") in the period, archived employees included."""
    env["hr.employee"].flush_model(
        ["hire_date", "departure_date", "departure_reason_id", "company_id"]
    )
    fired = env.ref("hr.departure_fired", raise_if_not_found=False)
    env.cr.execute(
        SQL(
            """
            SELECT COUNT(*) FILTER (WHERE hire_date <= %(date_from)s
                   AND (departure_date IS NULL OR departure_date > %(date_from)s)),
                   COUNT(*) FILTER (WHERE hire_date <= %(date_to)s
                   AND (departure_date IS NULL OR departure_date > %(date_to)s)),
                   COUNT(*) FILTER (
                       WHERE hire_date BETWEEN %(date_from)s AND %(date_to)s),
                   COUNT(*) FILTER (
                       WHERE departure_date BETWEEN %(date_from)s AND %(date_to)s),
                   COUNT(*) FILTER (
                       WHERE departure_date BETWEEN %(date_from)s AND %(date_to)s
                         AND departure_reason_id = %(fired)s)
              FROM hr_employee
             WHERE company_id = %(company)s
            """,
            company=company.id,
            date_from=date_from,
            date_to=date_to,
            fired=fired.id if fired else None,
        )
    )
    keys = ("headcount_start", "headcount_end", "hires", "departures", "involuntary")
    return dict(zip(keys, env.cr.fetchone(), strict=True))


def _mean_headcount(counts):
    return (counts["headcount_start"] + counts["headcount_end"]) / 2.0


@kpi_handler("headcount")
def headcount(env, date_from, date_to, company):
    """Employees hired on or before the period end and not departed by it."""
    return measure(_staff_counts(env, date_from, date_to, company)["headcount_end"])


@kpi_handler("hires")
def hires(env, date_from, date_to, company):
    """Employees whose hire date falls in the period."""
    return measure(_staff_counts(env, date_from, date_to, company)["hires"])


@kpi_handler("departures")
def departures(env, date_from, date_to, company):
    """Employees whose departure date falls in the period."""
    return measure(_staff_counts(env, date_from, date_to, company)["departures"])


@kpi_handler("involuntary_departures")
def involuntary_departures(env, date_from, date_to, company):
    """Departures in the period with the reason "Fired"."""
    return measure(_staff_counts(env, date_from, date_to, company)["involuntary"])


@kpi_handler("employee_turnover_rate")
def employee_turnover_rate(env, date_from, date_to, company):
    """Departures in the period / mean of the headcounts at start and end x 100."""
    counts = _staff_counts(env, date_from, date_to, company)
    return ratio(counts["departures"], _mean_headcount(counts), 100.0)


@kpi_handler("complaints_per_employee")
def complaints_per_employee(env, date_from, date_to, company):
    """Complaints received in the period / mean headcount of the period."""
    counts = _staff_counts(env, date_from, date_to, company)
    complaints = received_complaints(env, date_from, date_to, company)
    return ratio(complaints, _mean_headcount(counts))
