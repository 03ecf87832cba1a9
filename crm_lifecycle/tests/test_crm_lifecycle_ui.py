# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command, fields
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCrmLifecycleUi(HttpCase):
    def test_stage_configuration_tour(self):
        self.start_tour(
            "/odoo/action-crm_lifecycle.crm_lifecycle_stage_action",
            "crm_lifecycle_stage_tour",
            login="admin",
        )

    def test_relationship_tab_tour(self):
        customer = self.env["res.partner"].create(
            {"name": "Tour Customer", "is_company": True}
        )
        product = self.env["product.product"].create({"name": "Tour Widget"})
        today = fields.Datetime.now()
        for days_ago in (20, 10):
            self.env["sale.order"].create(
                {
                    "partner_id": customer.id,
                    "date_order": today - timedelta(days=days_ago),
                    "state": "sale",
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
        self.start_tour(
            f"/odoo/action-contacts.action_contacts/{customer.id}",
            "crm_lifecycle_relationship_tour",
            login="admin",
        )
