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
        # the source of this company's customers
        cls.company.lifecycle_purchase_source = "invoice"

    def _invoice(self, partner, day, amount, move_type="out_invoice"):
        return self.env["account.move"].create(
            {
                "move_type": move_type,
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
        customer = self._customer("Invoiced", company_id=self.company.id)
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

    def _credit_note(self, invoice, day, amount):
        """A credit note of ``amount`` reversing ``invoice`` (posting it
        reconciles it with the invoice)."""
        refund = self._invoice(invoice.partner_id, day, amount, "out_refund")
        refund.reversed_entry_id = invoice
        refund.action_post()
        return refund

    def test_credit_notes_lower_the_revenue_and_full_reversal_cancels(self):
        customer = self._customer("Refunded", company_id=self.company.id)
        kept = self._invoice(customer, "2025-05-01", 100.0)
        kept.action_post()
        reversed_in_full = self._invoice(customer, "2025-06-01", 50.0)
        reversed_in_full.action_post()
        self.assertStage(customer, "repeat")
        self.assertEqual(customer.lifetime_revenue, 150.0)
        # a partial credit note: still a purchase, for 100 - 30
        self._credit_note(kept, "2025-06-10", 30.0)
        # a full one: the invoice no longer counts, nor its credit note
        self._credit_note(reversed_in_full, "2025-06-15", 50.0)
        self.assertEqual(kept.payment_state, "partial")
        self.assertEqual(reversed_in_full.payment_state, "reversed")
        # the reconciliation with the credit note updated the customer
        self.assertStage(customer, "new")
        self.assertEqual(customer.order_count, 1)
        self.assertEqual(customer.lifetime_revenue, 70.0)
        self.assertEqual(str(customer.last_order_date), "2025-05-01")

    def test_undoing_a_full_reversal_counts_the_invoice_again(self):
        customer = self._customer("Reversal undone", company_id=self.company.id)
        invoice = self._invoice(customer, "2025-06-01", 40.0)
        invoice.action_post()
        refund = self._credit_note(invoice, "2025-06-15", 40.0)
        self.assertStage(customer, None)
        self.assertEqual(customer.lifetime_revenue, 0.0)
        refund.line_ids.remove_move_reconcile()
        self.assertEqual(invoice.payment_state, "not_paid")
        # both count again: a purchase of 40 and a credit note of 40
        self.assertStage(customer, "new")
        self.assertEqual(customer.order_count, 1)
        self.assertEqual(customer.lifetime_revenue, 0.0)
