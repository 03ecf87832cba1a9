# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestCrmSuccessDrillUi(HttpCase):
    def test_drill_down_from_a_scorecard_line_tour(self):
        """Three confirmed orders in February 2026 (and one in March, one
        draft): the line of the orders KPI counts three, and its drill-down
        lists the three purchases."""
        company = self.env["res.company"].create({"name": "Drill Tour Co"})
        new_test_user(
            self.env,
            login="success_drill_tour",
            groups="base.group_user,sales_team.group_sale_salesman_all_leads,"
            "crm_success_metrics.crm_success_metrics_group_manager",
            company_id=company.id,
            company_ids=[company.id],
        )
        customer = self.env["res.partner"].create({"name": "Drill customer"})
        product = self.env["product.product"].create({"name": "Drill product"})
        for day, state in (
            (datetime(2026, 2, 3, 12), "sale"),
            (datetime(2026, 2, 10, 12), "sale"),
            (datetime(2026, 2, 27, 12), "sale"),
            (datetime(2026, 2, 15, 12), "draft"),
            (datetime(2026, 3, 2, 12), "sale"),
        ):
            self.env["sale.order"].with_company(company).create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "date_order": day,
                    "state": state,
                    "order_line": [
                        Command.create({"product_id": product.id, "price_unit": 10})
                    ],
                }
            )
        self.env["crm.success.objective"].create(
            {
                "name": "Drill orders",
                "kpi_id": self.env.ref("crm_success_metrics.kpi_orders_count").id,
                "company_id": company.id,
                "go_live_date": "2026-01-01",
                "baseline_date_from": "2025-01-01",
                "baseline_date_to": "2025-12-31",
                "baseline_value": 36.0,
                "target_value": 48.0,
                "target_date": "2026-12-31",
            }
        )
        scorecard = self.env["crm.success.scorecard"].compute_period(
            "2026-02-01", "2026-02-28", company=company, period_type="month"
        )
        self.assertEqual(scorecard.line_ids.numerator, 3.0)
        self.start_tour(
            "/odoo/action-crm_success_metrics.crm_success_scorecard_action",
            "crm_success_drill_tour",
            login="success_drill_tour",
        )
