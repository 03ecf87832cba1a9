# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Access rights per role and multi-company isolation."""

from odoo.exceptions import AccessError
from odoo.tests import tagged, users

from .common import MARCH, CrmSuccessCase


@tagged("post_install", "-at_install")
class TestSecurity(CrmSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Objective = cls.env["crm.success.objective"]
        Scorecard = cls.env["crm.success.scorecard"]
        cls.objectives = {}
        cls.scorecards = {}
        for company in cls.company | cls.other_company:
            cls.objectives[company] = Objective.create(
                {
                    "name": f"Orders of {company.name}",
                    "kpi_id": cls.kpi("orders_count").id,
                    "company_id": company.id,
                    "go_live_date": "2025-03-01",
                    "baseline_value": 73.0,
                    "target_value": 100.0,
                    "target_date": "2025-12-31",
                }
            )
            cls.scorecards[company] = Scorecard.compute_period(*MARCH, company=company)

    @users("success_user")
    def test_user_reads_own_company_only(self):
        Objective = self.env["crm.success.objective"]
        mine = self.objectives[self.company]
        self.assertEqual(Objective.search([("name", "like", "Orders of")]), mine)
        self.assertEqual(
            self.env["crm.success.scorecard"].search([]), self.scorecards[self.company]
        )
        lines = self.env["crm.success.scorecard.line"].search([])
        self.assertEqual(lines.objective_id, mine)
        self.assertEqual(lines.value, 5.0)
        self.assertTrue(
            self.env["crm.success.kpi"].search([("code", "=", "orders_count")])
        )
        other = Objective.browse(self.objectives[self.other_company].id)
        with self.assertRaises(AccessError):
            other.read(["name"])

    @users("success_user")
    def test_user_cannot_configure(self):
        with self.assertRaises(AccessError):
            self.env["crm.success.objective"].create(
                {
                    "name": "Mine",
                    "kpi_id": self.kpi("orders_count").id,
                    "go_live_date": "2025-03-01",
                    "target_value": 1.0,
                    "target_date": "2025-12-31",
                }
            )
        objective = self.env["crm.success.objective"].browse(
            self.objectives[self.company].id
        )
        with self.assertRaises(AccessError):
            objective.target_value = 2.0
        with self.assertRaises(AccessError):
            self.env["crm.success.kpi"].search([], limit=1).name = "Renamed"
        with self.assertRaises(AccessError):
            self.env["crm.success.scorecard"].compute_period("2025-04-01", "2025-04-30")

    @users("success_manager")
    def test_manager_configures_and_computes_in_own_company(self):
        # no sales rights needed: KPIs are measured by the addon itself
        objective = self.env["crm.success.objective"].create(
            {
                "name": "Revenue",
                "kpi_id": self.kpi("sales_revenue").id,
                "go_live_date": "2025-03-01",
                "baseline_value": 7300.0,
                "target_value": 9000.0,
                "target_date": "2025-12-31",
            }
        )
        self.assertEqual(objective.company_id, self.company)
        scorecard = self.env["crm.success.scorecard"].compute_period(*MARCH)
        self.assertEqual(scorecard, self.scorecards[self.company])
        line = scorecard.line_ids.filtered(lambda line: line.objective_id == objective)
        self.assertAlmostEqual(line.value, 800.0)
        with self.assertRaises(AccessError):
            self.env["crm.success.objective"].browse(
                self.objectives[self.other_company].id
            ).read(["name"])
        with self.assertRaises(AccessError):
            self.env["crm.success.scorecard"].compute_period(
                *MARCH, company=self.other_company
            )
