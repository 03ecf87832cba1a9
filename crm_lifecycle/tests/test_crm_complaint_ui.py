# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import HttpCase, tagged


@tagged("post_install", "-at_install")
class TestCrmComplaintUi(HttpCase):
    def test_register_complaint_from_partner(self):
        partner = self.env["res.partner"].create(
            {"name": "Tour Grumpy Ltd", "is_company": True}
        )
        self.start_tour(
            f"/odoo/action-contacts.action_contacts/{partner.id}",
            "crm_complaint_from_partner_tour",
            login="admin",
        )
        complaint = self.env["crm.complaint"].search([("partner_id", "=", partner.id)])
        self.assertEqual(len(complaint), 1)
        self.assertEqual(
            complaint.category_id,
            self.env.ref("crm_lifecycle.crm_complaint_category_delivery"),
        )
        self.assertEqual(partner.complaint_count, 1)
