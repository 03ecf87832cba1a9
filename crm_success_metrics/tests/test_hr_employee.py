# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged

from ..hooks import _fill_hire_dates


@tagged("post_install", "-at_install")
class TestHrEmployeeHireDate(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Hiring Co"})

    @freeze_time("2026-03-04")
    def test_hire_date_defaults_to_today(self):
        employee = self.env["hr.employee"].create(
            {"name": "New Hire", "company_id": self.company.id}
        )
        self.assertEqual(employee.hire_date, date(2026, 3, 4))

    def test_install_fills_hire_date_from_creation(self):
        employee = self.env["hr.employee"].create(
            {
                "name": "Veteran",
                "company_id": self.company.id,
                "hire_date": "2020-01-01",
            }
        )
        self.env.flush_all()
        self.env.cr.execute(
            "UPDATE hr_employee SET create_date = '2019-05-06 23:30:00' WHERE id = %s",
            [employee.id],
        )
        _fill_hire_dates(self.env)
        employee.invalidate_recordset(["hire_date"])
        self.assertEqual(employee.hire_date, date(2019, 5, 6))

    def test_install_fills_hire_date_from_first_contract(self):
        # `make test` installs hr_contract beside the addons for this test
        if "hr.contract" not in self.env:
            self.skipTest("hr_contract is not installed")
        employee = self.env["hr.employee"].create(
            {"name": "Contracted", "company_id": self.company.id}
        )
        contract = {"employee_id": employee.id, "wage": 1000.0}
        self.env["hr.contract"].create(
            [
                # a cancelled contract does not count
                dict(contract, name="Never", date_start="2019-01-01", state="cancel"),
                dict(
                    contract,
                    name="First",
                    date_start="2021-02-01",
                    date_end="2021-12-31",
                    state="close",
                ),
                dict(contract, name="Current", date_start="2022-01-01", state="open"),
            ]
        )
        _fill_hire_dates(self.env)
        employee.invalidate_recordset(["hire_date"])
        self.assertEqual(employee.hire_date, date(2021, 2, 1))

    def test_hire_date_in_employee_form(self):
        arch = self.env["hr.employee"].get_view(
            self.env.ref("hr.view_employee_form").id
        )["arch"]
        self.assertIn('name="hire_date"', arch)
