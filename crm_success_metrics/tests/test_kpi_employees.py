# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import KpiPeriodsMixin
from .common_drill import DrillMixin

JAN = (date(2026, 1, 1), date(2026, 1, 31))


@tagged("post_install", "-at_install")
class TestEmployeeKpis(TransactionCase, KpiPeriodsMixin, DrillMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Turnover Co"})
        fired = cls.env.ref("hr.departure_fired")
        resigned = cls.env.ref("hr.departure_resigned")

        def employee(name, hired, departed=False, reason=False):
            return {
                "name": name,
                "company_id": cls.company.id,
                "hire_date": hired,
                "departure_date": departed,
                "departure_reason_id": reason and reason.id,
                "active": not departed,
            }

        cls.env["hr.employee"].create(
            [
                employee("Stays", "2025-01-01"),
                employee("Resigns mid-January", "2025-06-01", "2026-01-15", resigned),
                employee("Hired in January", "2026-01-10"),
                employee("Fired on January 31", "2025-03-01", "2026-01-31", fired),
                employee(
                    "Left before the period", "2024-01-01", "2025-12-31", resigned
                ),
            ]
        )

    def test_alone_and_in_a_scorecard(self):
        december = (date(2025, 12, 1), date(2025, 12, 31))
        results = self.assertSameAloneAndTogether(
            ["headcount", "hires", "departures", "employee_turnover_rate"],
            [JAN, december],
            self.company,
        )
        # January as in the tests below
        self.assertEqual(results[JAN]["headcount"]["value"], 2)
        self.assertEqual(results[JAN]["hires"]["value"], 1)
        self.assertEqual(results[JAN]["departures"]["value"], 2)
        # December: on the 1st "Stays", "Resigns mid-January", "Fired on January
        # 31" and "Left before the period" (leaves on the 31st): 4; on the 31st
        # 3; no hire, one departure: 1 / 3.5
        self.assertEqual(results[december]["headcount"]["value"], 3)
        self.assertEqual(results[december]["hires"]["value"], 0)
        self.assertEqual(results[december]["departures"]["value"], 1)
        self.assertAlmostEqual(
            results[december]["employee_turnover_rate"]["value"], 100 / 3.5
        )

    def test_headcount(self):
        # on Jan 31: "Stays" and "Hired in January" (the Jan 31 departure has left)
        self.assertEqual(
            self.env["crm.success.kpi"]._kpi_headcount(*JAN, self.company)["value"], 2
        )

    def test_hires_and_departures(self):
        self.assertEqual(
            self.env["crm.success.kpi"]._kpi_hires(*JAN, self.company)["value"], 1
        )
        self.assertEqual(
            self.env["crm.success.kpi"]._kpi_departures(*JAN, self.company)["value"], 2
        )
        result = self.env["crm.success.kpi"]._kpi_involuntary_departures(
            *JAN, self.company
        )
        self.assertEqual(result["value"], 1)

    def test_turnover_across_hire_and_departure(self):
        # headcount Jan 1: Stays, Resigns, Fired = 3; Jan 31: Stays, Hired = 2
        # 2 departures / mean headcount (3 + 2) / 2 = 2.5 -> 80 %
        result = self.env["crm.success.kpi"]._kpi_employee_turnover_rate(
            *JAN, self.company
        )
        self.assertEqual((result["numerator"], result["denominator"]), (2, 2.5))
        self.assertAlmostEqual(result["value"], 80.0)

    def test_complaints_per_employee(self):
        customer = self.env["res.partner"].create({"name": "Unhappy"})
        self.env["crm.complaint"].create(
            [
                {
                    "partner_id": customer.id,
                    "company_id": self.company.id,
                    "date_received": received,
                }
                for received in (
                    "2026-01-05 10:00:00",
                    "2026-01-31 23:00:00",
                    "2026-02-01",
                )
            ]
        )
        # 2 complaints in January / mean headcount 2.5 = 0.8
        result = self.env["crm.success.kpi"]._kpi_complaints_per_employee(
            *JAN, self.company
        )
        self.assertAlmostEqual(result["value"], 0.8)

    def test_empty_company(self):
        company = self.env["res.company"].create({"name": "No Staff Co"})
        result = self.env["crm.success.kpi"]._kpi_employee_turnover_rate(*JAN, company)
        self.assertIsNone(result["value"])

    def test_drill_down_opens_the_employees_counted(self):
        codes = [
            "headcount",
            "hires",
            "departures",
            "involuntary_departures",
            "employee_turnover_rate",
            "complaints_per_employee",
        ]
        lines = self.drill_lines(codes, JAN, self.company)
        officer = new_test_user(
            self.env,
            login="drill_hr_officer",
            groups="crm_success_metrics.crm_success_metrics_group_user,"
            "hr.group_hr_user,crm_lifecycle.crm_lifecycle_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        # the mean headcount (3 on Jan 1, 2 on Jan 31: 2.5) is no record
        # count: the list shows the 4 employees on staff at either date
        self.assertEqual(lines["employee_turnover_rate"].denominator, 2.5)
        staff = {
            ("employee_turnover_rate", "denominator"): 4,
            ("complaints_per_employee", "denominator"): 4,
        }
        self.assertDrillMatches(lines, officer, staff)
        # a success user without HR rights may not list the employees
        user = new_test_user(
            self.env,
            login="drill_no_hr",
            groups="crm_success_metrics.crm_success_metrics_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        with self.assertRaises(AccessError):
            lines["headcount"].with_user(user).action_drill_numerator()
