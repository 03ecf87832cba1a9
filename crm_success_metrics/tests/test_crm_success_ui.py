# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


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
