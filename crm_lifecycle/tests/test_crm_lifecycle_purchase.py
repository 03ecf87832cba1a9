# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The purchases analysis: one row per purchase, from each company's source."""

from datetime import date

from odoo.tests import tagged

from . import test_crm_lifecycle_invoice as invoice_tests
from .common import LifecycleCommon


@tagged("post_install", "-at_install")
class TestLifecyclePurchase(LifecycleCommon):
    # invoices and credit notes as in the lifecycle tests of the invoice source
    _invoice = invoice_tests.TestLifecycleInvoiceSource._invoice
    _credit_note = invoice_tests.TestLifecycleInvoiceSource._credit_note

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._role_users()
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company, install_demo=False
        )
        cls.company.lifecycle_purchase_source = "invoice"
        cls.shop = cls.env["res.company"].create(
            {"name": "Purchase Shop Co", "currency_id": cls.env.ref("base.USD").id}
        )
        cls.invoiced = cls._customer("Invoiced", company_id=cls.company.id)
        cls.ordering = cls._customer("Ordering", company_id=cls.shop.id)

    def rows(self, model):
        purchases = model.search(
            [("partner_id", "in", (self.invoiced | self.ordering).ids)],
            order="date, id",
        )
        return [
            (p.partner_id, p.company_id, p.date, p.amount, p.source, p.is_purchase)
            for p in purchases
        ]

    def test_one_row_per_purchase_from_each_companys_source(self):
        kept = self._invoice(self.invoiced, "2025-05-01", 100.0)
        kept.action_post()
        cancelled = self._invoice(self.invoiced, "2025-06-01", 50.0)
        cancelled.action_post()
        refund = self._credit_note(kept, "2025-06-10", 30.0)
        self._credit_note(cancelled, "2025-06-15", 50.0)
        # not purchases: an order of the invoicing company, a quotation
        self._buy(self.invoiced, date(2025, 6, 5), 70.0)
        order = self._buy(self.ordering, date(2025, 6, 2), 200.0, company=self.shop)
        self._buy(
            self.ordering, date(2025, 6, 3), 90.0, company=self.shop, state="draft"
        )
        Purchase = self.env["crm.lifecycle.purchase"].with_context(
            allowed_company_ids=(self.company | self.shop).ids
        )
        invoice = (
            self.invoiced,
            self.company,
            date(2025, 5, 1),
            100.0,
            "invoice",
            True,
        )
        order_row = (
            self.ordering,
            self.shop,
            date(2025, 6, 2),
            200.0,
            "sale_order",
            True,
        )
        # the partial credit note lowers the revenue, is no purchase; the
        # invoice reversed in full counts for nothing, nor its credit note
        refund_row = (
            self.invoiced,
            self.company,
            date(2025, 6, 10),
            -30.0,
            "invoice",
            False,
        )
        self.assertEqual(self.rows(Purchase), [invoice, order_row, refund_row])
        documents = Purchase.search([("partner_id", "=", self.ordering.id)])
        self.assertEqual(documents.order_id, order)
        self.assertEqual(Purchase.search([("date", "=", "2025-06-10")]).move_id, refund)
        # a lifecycle user sees the purchases of their company only
        lifecycle_user_env = self.env(user=self.lifecycle_user)
        self.assertEqual(
            self.rows(lifecycle_user_env["crm.lifecycle.purchase"]),
            [invoice, refund_row],
        )
