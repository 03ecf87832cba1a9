# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon


@tagged("post_install", "-at_install")
class TestLifecyclePaymentBehaviour(AccountTestInvoicingCommon):
    """Payment behaviour from posted customer invoices, in a fresh company."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.customer = cls.env["res.partner"].create(
            {"name": "Slow Payer", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Slow Payer accounts", "parent_id": cls.customer.id}
        )

    def _invoice(
        self, invoice_date, due, amount, partner=None, move_type="out_invoice"
    ):
        move = self.env["account.move"].create(
            {
                "move_type": move_type,
                "partner_id": (partner or self.customer).id,
                "invoice_date": invoice_date,
                "invoice_date_due": due,
                "invoice_payment_term_id": False,
                "invoice_line_ids": [
                    (0, 0, {"name": "Service", "price_unit": amount, "tax_ids": False})
                ],
            }
        )
        move.action_post()
        return move

    def _pay(self, move, date, amount=None):
        vals = {"payment_date": date}
        if amount:
            vals["amount"] = amount
        self.env["account.payment.register"].with_context(
            active_model="account.move", active_ids=move.ids
        ).create(vals)._create_payments()

    @freeze_time("2035-06-30")
    def test_payment_behaviour(self):
        # paid 10 days after its due date: late, delay 10
        self._pay(self._invoice("2035-01-01", "2035-01-31", 100), "2035-02-10")
        # paid before its due date: not late, delay 0 (not -11)
        self._pay(self._invoice("2035-02-01", "2035-03-03", 200), "2035-02-20")
        # partly paid, past due: late, 300 - 100 = 200 overdue
        partial = self._invoice("2035-05-01", "2035-05-31", 300, partner=self.contact)
        self._pay(partial, "2035-06-01", amount=100)
        # open, not yet due: neither late nor overdue
        self._invoice("2035-06-20", "2035-07-20", 400)
        # open since 2032, more than 24 months ago: overdue, not counted late
        self._invoice("2032-01-01", "2032-01-31", 500)
        # a draft invoice and a credit note do not count
        self.env["account.move"].create(
            {
                "move_type": "out_invoice",
                "partner_id": self.customer.id,
                "invoice_date": "2035-01-01",
                "invoice_date_due": "2035-01-02",
                "invoice_line_ids": [(0, 0, {"name": "Draft", "price_unit": 999})],
            }
        )
        self._invoice("2035-01-01", "2035-01-02", 50, move_type="out_refund")

        self.env["res.partner"]._lifecycle_refresh_portfolio()

        for partner in (self.customer, self.contact):
            self.assertEqual(partner.late_invoice_count, 2)
            # paid invoices of the last 24 months: (10 + 0) / 2
            self.assertAlmostEqual(partner.avg_payment_delay_days, 5.0)
            # 200 (partial) + 500 (2032)
            self.assertAlmostEqual(partner.overdue_amount, 700.0)

    @freeze_time("2035-06-30")
    def test_a_payment_updates_the_payment_behaviour_at_once(self):
        invoice = self._invoice("2035-01-01", "2035-01-31", 100)
        # paid 10 days after its due date, no daily run in between
        self._pay(invoice, "2035-02-10")
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.late_invoice_count, 1)
        self.assertAlmostEqual(self.customer.avg_payment_delay_days, 10.0)
        self.assertAlmostEqual(self.customer.overdue_amount, 0.0)
        # the payment undone: open past its due date, late and overdue again
        invoice.line_ids.remove_move_reconcile()
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.late_invoice_count, 1)
        self.assertAlmostEqual(self.customer.overdue_amount, 100.0)
