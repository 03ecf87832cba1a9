# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Staff KPIs from hr.employee hire and departure dates."""

from odoo import fields, models
from odoo.osv import expression
from odoo.tools import SQL

from ..kpis import Drill, kpi, measure, ratio, shared_periods
from ..kpis.common import date_domain, period_rows, rows_by_period


def _mean_headcount(counts):
    return (counts["headcount_start"] + counts["headcount_end"]) / 2.0


class CrmSuccessKpiEmployees(models.Model):
    _inherit = "crm.success.kpi"

    def _employees_staff_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("staff", company.id),
            date_from,
            date_to,
            lambda periods: self._employees_query_staff_counts(periods, company),
        )

    def _employees_query_staff_counts(self, periods, company):
        """{period: counts}: headcounts at period start and end, hires,
        departures and involuntary departures (reason "fired") in the period,
        archived employees included; one query for all the periods."""
        self.env["hr.employee"].flush_model(
            ["hire_date", "departure_date", "departure_reason_id", "company_id"]
        )
        fired = self.env.ref("hr.departure_fired", raise_if_not_found=False)
        query = SQL(
            """
            SELECT period.idx,
                   COUNT(*) FILTER (WHERE hire_date <= period.date_from
                   AND (departure_date IS NULL OR departure_date > period.date_from)),
                   COUNT(*) FILTER (WHERE hire_date <= period.date_to
                   AND (departure_date IS NULL OR departure_date > period.date_to)),
                   COUNT(*) FILTER (
                       WHERE hire_date BETWEEN period.date_from AND period.date_to),
                   COUNT(*) FILTER (WHERE departed),
                   COUNT(*) FILTER (WHERE departed AND departure_reason_id = %(fired)s)
              FROM hr_employee
             CROSS JOIN (%(periods)s) period
             CROSS JOIN LATERAL (
                   SELECT departure_date BETWEEN period.date_from AND period.date_to
                          AS departed
                   ) flag
             WHERE company_id = %(company)s
             GROUP BY period.idx
            """,
            company=company.id,
            fired=fired.id if fired else None,
            periods=period_rows(periods, company),
        )
        keys = (
            "headcount_start",
            "headcount_end",
            "hires",
            "departures",
            "involuntary",
        )
        return rows_by_period(self.env, query, periods, keys)

    def _employees_drill(self, label, domain, company):
        """Drill of the company's employees matching ``domain``, archived
        (departed) ones included."""
        domain = [
            ("company_id", "=", company.id),
            ("active", "in", [True, False]),
            *domain,
        ]
        return Drill("hr.employee", domain, label)

    def _employees_on_staff(self, day):
        """Domain: hired on or before ``day`` and not departed by it."""
        day = fields.Date.to_string(day)
        return [
            ("hire_date", "<=", day),
            "|",
            ("departure_date", "=", False),
            ("departure_date", ">", day),
        ]

    def _drill_staff_end(self, date_from, date_to, company):
        domain = self._employees_on_staff(date_to)
        return self._employees_drill(self.env._("Employees"), domain, company)

    def _drill_staff_start_or_end(self, date_from, date_to, company):
        """The employees on staff at the start or at the end of the period:
        the denominator is the mean of the two headcounts, so it is the
        number of these records only when nobody joined or left."""
        domain = expression.OR(
            [self._employees_on_staff(date_from), self._employees_on_staff(date_to)]
        )
        label = self.env._("Employees on staff at the start or the end")
        return self._employees_drill(label, domain, company)

    def _drill_hires(self, date_from, date_to, company):
        domain = date_domain("hire_date", date_from, date_to)
        return self._employees_drill(self.env._("Hires"), domain, company)

    def _drill_departures(self, date_from, date_to, company):
        domain = date_domain("departure_date", date_from, date_to)
        return self._employees_drill(self.env._("Departures"), domain, company)

    def _drill_departures_involuntary(self, date_from, date_to, company):
        fired = self.env.ref("hr.departure_fired", raise_if_not_found=False)
        domain = [
            *date_domain("departure_date", date_from, date_to),
            ("departure_reason_id", "=", fired.id) if fired else expression.FALSE_LEAF,
        ]
        label = self.env._("Involuntary departures")
        return self._employees_drill(label, domain, company)

    @kpi(kind="stock", unit="count", drill=("staff_end",))
    def _kpi_headcount(self, date_from, date_to, company):
        """Employees hired on or before the period end and not departed by it."""
        return measure(
            self._employees_staff_counts(date_from, date_to, company)["headcount_end"]
        )

    @kpi(kind="flow", unit="count", significance_test="poisson", drill=("hires",))
    def _kpi_hires(self, date_from, date_to, company):
        """Employees whose hire date falls in the period."""
        return measure(
            self._employees_staff_counts(date_from, date_to, company)["hires"]
        )

    @kpi(
        kind="flow",
        unit="count",
        direction="down",
        significance_test="poisson",
        drill=("departures",),
    )
    def _kpi_departures(self, date_from, date_to, company):
        """Employees whose departure date falls in the period."""
        return measure(
            self._employees_staff_counts(date_from, date_to, company)["departures"]
        )

    @kpi(
        kind="flow",
        unit="count",
        direction="down",
        significance_test="poisson",
        drill=("departures_involuntary",),
    )
    def _kpi_involuntary_departures(self, date_from, date_to, company):
        """Departures in the period with the reason "Fired"."""
        return measure(
            self._employees_staff_counts(date_from, date_to, company)["involuntary"]
        )

    @kpi(
        kind="ratio",
        unit="percent",
        direction="down",
        drill=("departures", "staff_start_or_end"),
    )
    def _kpi_employee_turnover_rate(self, date_from, date_to, company):
        """Departures in the period / mean of the headcounts at start and end x 100."""
        counts = self._employees_staff_counts(date_from, date_to, company)
        return ratio(counts["departures"], _mean_headcount(counts), 100.0)

    @kpi(
        kind="ratio",
        unit="count",
        direction="down",
        drill=("complaints_received", "staff_start_or_end"),
    )
    def _kpi_complaints_per_employee(self, date_from, date_to, company):
        """Complaints received in the period / mean headcount of the period."""
        counts = self._employees_staff_counts(date_from, date_to, company)
        complaints = self._complaints_received(date_from, date_to, company)
        return ratio(complaints, _mean_headcount(counts))
