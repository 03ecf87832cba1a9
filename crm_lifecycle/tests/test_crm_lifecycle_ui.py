# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCrmLifecycleUi(HttpCase):
    def test_stage_configuration_tour(self):
        self.start_tour(
            "/odoo/action-crm_lifecycle.crm_lifecycle_stage_action",
            "crm_lifecycle_stage_tour",
            login="admin",
        )
