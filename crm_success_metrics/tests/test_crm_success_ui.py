# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, new_test_user, tagged

from .common_dashboard import monthly_scorecard, scorecard_line


@tagged("post_install", "-at_install")
class TestCrmSuccessUi(HttpCase):
    def test_kpi_catalog_tour(self):
        self.start_tour(
            "/odoo/action-crm_success_metrics.crm_success_kpi_action",
            "crm_success_kpi_tour",
            login="admin",
        )
        kpi = self.env["crm.success.kpi"].search([("code", "=", "tour_kpi")])
        self.assertEqual(kpi.name, "Tour KPI")

    def test_manager_defines_a_query_kpi_tour(self):
        manager = new_test_user(
            self.env,
            login="success_query_tour_manager",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "crm_success_metrics.crm_success_metrics_group_manager",
        )
        self.start_tour(
            "/odoo/action-crm_success_metrics.crm_success_kpi_action",
            "crm_success_query_kpi_tour",
            login=manager.login,
        )
        kpi = self.env["crm.success.kpi"].search([("code", "=", "tour_query_kpi")])
        self.assertEqual(
            (kpi.create_uid, kpi.model_id.model, kpi.date_field_id.name),
            (manager, "sale.order", "date_order"),
        )

    def test_dashboard_scorecard_lock_tour(self):
        company = self.env["res.company"].create({"name": "Success Tour Co"})
        new_test_user(
            self.env,
            login="success_tour_manager",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "crm_success_metrics.crm_success_metrics_group_manager",
            company_id=company.id,
            company_ids=[company.id],
        )
        # Baseline 365 orders a year (28 in February), no order at all: off track.
        self.env["crm.success.objective"].create(
            {
                "name": "Tour orders",
                "kpi_id": self.env.ref("crm_success_metrics.kpi_orders_count").id,
                "company_id": company.id,
                "go_live_date": "2026-01-01",
                "baseline_date_from": "2025-01-01",
                "baseline_date_to": "2025-12-31",
                "baseline_value": 365.0,
                "target_value": 730.0,
                "target_date": "2026-12-31",
            }
        )
        scorecard = self.env["crm.success.scorecard"].compute_period(
            "2026-02-01", "2026-02-28", company=company, period_type="month"
        )
        self.assertEqual(scorecard.line_ids.status, "off_track")
        self.start_tour(
            "/odoo/action-crm_success_metrics.crm_success_dashboard_action",
            "crm_success_scorecard_tour",
            login="success_tour_manager",
        )
        self.assertEqual(scorecard.state, "locked")

    def test_dashboard_headline_card_and_objective_chart_tour(self):
        company = self.env["res.company"].create(
            {"name": "Dashboard Tour Co", "currency_id": self.env.ref("base.USD").id}
        )
        user = new_test_user(
            self.env,
            login="success_dashboard_tour_user",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "crm_success_metrics.crm_success_metrics_group_user",
            company_id=company.id,
            company_ids=[company.id],
        )
        revenue = self.env["crm.success.objective"].create(
            {
                "name": "Tour revenue",
                "kpi_id": self.env.ref("crm_success_metrics.kpi_sales_revenue").id,
                "company_id": company.id,
                "go_live_date": "2025-01-01",
                "baseline_value": 12000.0,
                "target_value": 14400.0,
                "target_date": "2026-12-31",
            }
        )
        for month, index, value in ((10, 50.0, 1050.0), (11, 60.0, 1100.0)):
            scorecard = monthly_scorecard(self.env, company, 2025, month, index)
            scorecard_line(scorecard, revenue, value, 1000.0, 1200.0, "at_risk")
        december = monthly_scorecard(self.env, company, 2025, 12, 80.0)
        scorecard_line(december, revenue, 1300.5, 1000.0, 1200.0, "achieved")
        self.start_tour(
            "/odoo/action-crm_success_metrics.crm_success_dashboard_action",
            "crm_success_dashboard_tour",
            login=user.login,
        )
