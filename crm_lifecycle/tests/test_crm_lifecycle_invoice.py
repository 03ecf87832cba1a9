# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo import Command
from odoo.tests import tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestLifecycleInvoiceSource(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company, install_demo=False
        )
        cls.company.lifecycle_purchase_source = "invoice"

    def _invoice(self, partner, day, amount):
        return self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": partner.id,
                "company_id": self.company.id,
                "invoice_date": day,
                "invoice_line_ids": [
                    Command.create(
                        {
                            "product_id": self.product.id,
                            "quantity": 1,
                            "price_unit": amount,
                            "tax_ids": False,
                        }
                    )
                ],
            }
        )

    def test_posting_and_cancelling_invoices(self):
        customer = self._customer("Invoiced")
        first = self._invoice(customer, "2025-06-01", 120.0)
        first.action_post()
        self.assertStage(customer, "new")
        self.assertEqual(customer.lifecycle_history_ids.reason, "invoice")
        self.assertEqual(customer.lifetime_revenue, 120.0)
        # a confirmed order is not a purchase with this source
        self._buy(customer, self.d("2025-06-10"))
        self.assertEqual(customer.order_count, 1)
        second = self._invoice(customer, "2025-06-20", 80.0)
        second.action_post()
        self.assertStage(customer, "repeat")
        self.assertEqual(customer.lifetime_revenue, 200.0)  # 120 + 80
        second.button_draft()
        second.button_cancel()
        self.assertStage(customer, "new")
        self.assertEqual(str(customer.last_order_date), "2025-06-01")
