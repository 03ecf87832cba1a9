# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The CRM Success dashboard of Odoo's Dashboards app.

The figures are Odoo pivots evaluated in the browser; the tests read each
headline pivot's domain from the file and evaluate it with the ORM, with the
bounds Odoo's global filter gives the period (spreadsheet's
``getPeriodOptions``: a fixed year is 1 January to 31 December, its offset -1
the year before), on scorecards of a company of their own:

=========  ===============  ===========
month      success index    financial
=========  ===============  ===========
Nov 2025   40               40
Oct 2026   60               60
Nov 2026   80               80
=========  ===============  ===========

so the success index of 2026 is (60 + 80) / 2 = 70 and of 2025 is 40.
"""

import json

from odoo.tests import HttpCase, TransactionCase, new_test_user, tagged

from odoo.addons.crm_success_metrics.tests.common_dashboard import monthly_scorecard

YEAR_2026 = [("date_from", ">=", "2026-01-01"), ("date_from", "<=", "2026-12-31")]
YEAR_2025 = [("date_from", ">=", "2025-01-01"), ("date_from", "<=", "2025-12-31")]


class DashboardCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.dashboard = cls.env.ref(
            "spreadsheet_dashboard_crm_success.spreadsheet_dashboard_crm_success"
        )
        cls.company = cls.env["res.company"].create({"name": "Sheet Co"})
        cls.user = new_test_user(
            cls.env,
            login="sheet_success_user",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )


@tagged("post_install", "-at_install")
class TestCrmSuccessSpreadsheetDashboard(DashboardCase):
    def pivots(self):
        return json.loads(self.dashboard.spreadsheet_data)["pivots"].values()

    def test_file_names_only_existing_models_fields_and_menus(self):
        # Odoo's own check, run in test mode when the file is loaded; again
        # here so that a failure names this test
        self.dashboard._check_spreadsheet_data()
        data = json.loads(self.dashboard.spreadsheet_data)
        self.assertEqual(
            [(f["label"], f["rangeType"]) for f in data["globalFilters"]],
            [("Period", "fixedPeriod"), ("Trend", "relative")],
        )
        self.assertEqual(self.dashboard.dashboard_group_id.name, "Sales")

    def test_headline_indices_of_the_period_and_the_one_before(self):
        monthly_scorecard(self.env, self.company, 2025, 11, 40.0)
        monthly_scorecard(self.env, self.company, 2026, 10, 60.0)
        monthly_scorecard(self.env, self.company, 2026, 11, 80.0)
        found = {}
        for pivot in self.pivots():
            if pivot["model"] != "crm.success.scorecard":
                continue
            [measure] = [m["fieldName"] for m in pivot["measures"]]
            offset = pivot["fieldMatching"]["crm_success_period"]["offset"]
            domain = pivot["domain"] + (YEAR_2026 if offset == 0 else YEAR_2025)
            [(value,)] = (
                self.env["crm.success.scorecard"]
                .with_user(self.user)
                ._read_group(domain, aggregates=[f"{measure}:avg"])
            )
            found[measure, offset] = value
        self.assertEqual(found["success_index", 0], 70.0)
        self.assertEqual(found["success_index", -1], 40.0)
        self.assertEqual(found["success_index_financial", 0], 70.0)
        # the five indices, each in the period and the period before
        self.assertEqual(len(found), 10)

    def test_sample_until_the_company_has_a_scorecard(self):
        dashboard = self.dashboard.with_user(self.user)
        self.assertTrue(dashboard.get_readonly_dashboard().get("is_sample"))
        monthly_scorecard(self.env, self.company, 2026, 11, 80.0)
        self.assertFalse(dashboard.get_readonly_dashboard().get("is_sample"))

    def test_only_crm_success_users_see_it(self):
        salesman = new_test_user(
            self.env,
            login="sheet_salesman",
            groups="base.group_user,sales_team.group_sale_salesman",
        )
        dashboards = self.env["spreadsheet.dashboard"]
        self.assertIn(self.dashboard, dashboards.with_user(self.user).search([]))
        self.assertNotIn(self.dashboard, dashboards.with_user(salesman).search([]))


@tagged("post_install", "-at_install")
class TestCrmSuccessSpreadsheetDashboardUi(HttpCase, DashboardCase):
    def test_dashboard_opens_in_the_dashboards_app(self):
        monthly_scorecard(self.env, self.company, 2026, 11, 80.0)
        self.start_tour(
            "/odoo/dashboards",
            "crm_success_spreadsheet_dashboard_tour",
            login=self.user.login,
        )
