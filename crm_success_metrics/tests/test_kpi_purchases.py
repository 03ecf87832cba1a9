# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The customer and sales KPIs read the purchases of crm.lifecycle.purchase:
a company whose purchases are invoices gets them from its invoices."""

from datetime import date, datetime

from odoo.tests import TransactionCase, tagged

from odoo.addons.crm_lifecycle.tests import test_crm_lifecycle_invoice

MARCH = (date(2025, 3, 1), date(2025, 3, 31))
Invoices = test_crm_lifecycle_invoice.TestLifecycleInvoiceSource


class InvoicingCompanyCase(TransactionCase):
    """A company of its own whose purchases are posted customer invoices."""

    # invoices and credit notes as in crm_lifecycle's invoice-source tests
    _invoice = Invoices._invoice
    _credit_note = Invoices._credit_note

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Invoicing Co", "currency_id": cls.env.ref("base.USD").id}
        )
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id])
        )
        cls.env["account.chart.template"].try_loading(
            "generic_coa", company=cls.company, install_demo=False
        )
        cls.company.lifecycle_purchase_source = "invoice"
        cls.product = cls.env["product.product"].create(
            {"name": "Invoiced service", "type": "service", "taxes_id": False}
        )

    def customer(self, name):
        return self.env["res.partner"].create(
            {"name": name, "is_company": True, "company_id": self.company.id}
        )

    def posted(self, partner, day, amount):
        invoice = self._invoice(partner, day, amount)
        invoice.action_post()
        return invoice

    def measure(self, code):
        kpi = self.env["crm.success.kpi"].search([("code", "=", code)])
        return kpi.compute_value(*MARCH, self.company)["value"]


@tagged("post_install", "-at_install")
class TestKpiPurchaseSource(InvoicingCompanyCase):
    def test_kpis_of_an_invoicing_company_count_its_invoices(self):
        kim, lou, max_, ned = (
            self.customer(name) for name in ("Kim", "Lou", "Max", "Ned")
        )
        self.posted(kim, "2025-01-10", 100.0)  # before March: Kim buys again
        self.posted(kim, "2025-03-05", 200.0)
        partly_refunded = self.posted(lou, "2025-03-12", 300.0)
        self._credit_note(partly_refunded, "2025-03-20", 50.0)
        # an order is no purchase of this company
        self.env["sale.order"].create(
            {
                "partner_id": max_.id,
                "company_id": self.company.id,
                "date_order": datetime(2025, 3, 15, 12),
                "state": "sale",
                "order_line": [
                    (0, 0, {"product_id": self.product.id, "price_unit": 500.0})
                ],
            }
        )
        # an invoice reversed in full counts for nothing, nor its credit note
        reversed_in_full = self.posted(ned, "2025-03-25", 80.0)
        self._credit_note(reversed_in_full, "2025-03-28", 80.0)
        # March: purchases of Kim 200 and Lou 300, Lou's credit note of 50
        self.assertEqual(self.measure("orders_count"), 2.0)
        self.assertEqual(self.measure("sales_revenue"), 450.0)  # 200 + 300 - 50
        self.assertEqual(self.measure("average_order_value"), 225.0)  # 450 / 2
        self.assertEqual(self.measure("new_customers"), 1.0)  # Lou
        self.assertEqual(
            self.measure("repeat_purchase_rate"), 50.0
        )  # Kim of Kim and Lou
        self.assertEqual(self.measure("active_customers"), 2.0)  # Kim, Lou
        # the analysis users open tells the same
        [(count, amount)] = self.env["crm.lifecycle.purchase"]._read_group(
            [
                ("company_id", "=", self.company.id),
                ("date", ">=", MARCH[0]),
                ("date", "<=", MARCH[1]),
                ("is_purchase", "=", True),
            ],
            aggregates=["__count", "amount:sum"],
        )
        self.assertEqual((count, amount), (2, 500.0))
        [(revenue,)] = self.env["crm.lifecycle.purchase"]._read_group(
            [
                ("company_id", "=", self.company.id),
                ("date", ">=", MARCH[0]),
                ("date", "<=", MARCH[1]),
            ],
            aggregates=["amount:sum"],
        )
        self.assertEqual(revenue, 450.0)
