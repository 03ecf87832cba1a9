# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The purchases analysis: one row per purchase, from each company's source."""

import contextlib
from datetime import date, datetime

from odoo import Command
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tools import SQL

from . import test_crm_lifecycle_invoice as invoice_tests
from .common import LifecycleCommon


def chained(rows):
    """The definition's rows (partner_id, day, order_id, move_id, amount,
    company_id, is_purchase) with the days of the customer's previous and
    next purchases from the same company, in the order of days then row ids
    (order id × 2, invoice id × 2 + 1); none for credit notes."""
    rows = [tuple(row) for row in rows]
    chains = {}
    for row in rows:
        partner_id, day, order_id, move_id, _amount, company_id, is_purchase = row
        if is_purchase:
            row_id = order_id * 2 if order_id else move_id * 2 + 1
            chains.setdefault((partner_id, company_id), []).append((day, row_id, row))
    neighbours = {}
    for purchases in chains.values():
        purchases.sort()
        days = [day for day, _row_id, _row in purchases]
        for index, (_day, _row_id, row) in enumerate(purchases):
            previous_day = days[index - 1] if index else None
            next_day = days[index + 1] if index + 1 < len(days) else None
            neighbours[row] = (previous_day, next_day)
    return [row + neighbours.get(row, (None, None)) for row in rows]


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


@tagged("post_install", "-at_install")
class TestLifecyclePurchaseCurrent(LifecycleCommon):
    """The rows are derived when their sources change, in the same
    transaction, and always equal the definition (``_source_query``)."""

    def setUp(self):
        super().setUp()
        self.Purchase = self.env["crm.lifecycle.purchase"]
        self.customer = self._customer("Current Customer", company_id=self.company.id)

    def rows(self, partner=None):
        """[(customer, day, amount, order)] of the customer's rows."""
        partner = partner or self.customer
        purchases = self.Purchase.search([("partner_id", "=", partner.id)])
        return sorted((p.date, p.amount, p.order_id) for p in purchases)

    def assertRowsAreTheDefinition(self):
        """The stored rows are the definition's, each chained to the
        customer's previous and next purchases from the same company."""
        self.env.cr.execute(
            SQL(
                "SELECT partner_id, day, order_id, move_id, amount, company_id,"
                " is_purchase, previous_day, next_day FROM (%s) purchase",
                self.Purchase._purchase_query(),
            )
        )
        stored = sorted(self.env.cr.fetchall())
        self.env.cr.execute(self.Purchase._source_query(SQL("TRUE"), SQL("TRUE")))
        self.assertEqual(stored, sorted(chained(self.env.cr.fetchall())))

    def test_purchases_are_chained_per_customer_and_company(self):
        # 1 Mar, twice on 4 Mar (chained by id), 9 Mar; the other customer's
        # purchase on 5 Mar is not in the chain
        first = self._buy(self.customer, date(2025, 3, 1), 10.0)
        twice = self._buy(self.customer, date(2025, 3, 4), 20.0)
        again = self._buy(self.customer, date(2025, 3, 4), 30.0)
        last = self._buy(self.customer, date(2025, 3, 9), 40.0)
        self._buy(self._customer("Someone Else"), date(2025, 3, 5), 50.0)
        days = {order: order.date_order.date() for order in (first, twice, again, last)}

        def chain():
            purchases = self.Purchase.search([("partner_id", "=", self.customer.id)])
            return sorted(
                ((p.date, p.order_id, p.previous_date, p.next_date) for p in purchases),
                key=lambda row: (row[0], row[1].id),
            )

        d1, d4, d9 = days[first], days[twice], days[last]
        self.assertEqual(
            chain(),
            [
                (d1, first, False, d4),
                (d4, twice, d1, d4),
                (d4, again, d4, d9),
                (d9, last, d4, False),
            ],
        )
        # cancelling the middle purchases joins their neighbours
        (twice | again)._action_cancel()
        self.assertEqual(chain(), [(d1, first, False, d9), (d9, last, d1, False)])
        # a purchase moving to another customer leaves this chain for its own
        other = self._customer("New Owner", company_id=self.company.id)
        last.partner_id = other
        self.assertEqual(chain(), [(d1, first, False, False)])
        self.assertRowsAreTheDefinition()

    def test_confirming_editing_and_cancelling_an_order(self):
        order = self._buy(self.customer, date(2025, 3, 4), 100.0, state="draft")
        self.assertEqual(self.rows(), [])
        order.action_confirm()
        day = order.date_order.date()
        self.assertEqual(self.rows(), [(day, 100.0, order)])
        # a line added to the confirmed order: its computed amount changes
        order.order_line = [
            Command.create(
                {
                    "product_id": self.product.id,
                    "product_uom_qty": 2,
                    "price_unit": 25.0,
                    "tax_id": False,
                }
            )
        ]
        self.assertEqual(self.rows(), [(day, 150.0, order)])
        order._action_cancel()
        self.assertEqual(self.rows(), [])
        self.assertRowsAreTheDefinition()

    def test_a_contact_moving_to_another_company_takes_its_purchases(self):
        contact = self.env["res.partner"].create(
            {"name": "Moving Contact", "parent_id": self.customer.id}
        )
        order = self._buy(contact, date(2025, 3, 4), 80.0)
        self.assertEqual(len(self.rows()), 1)
        other = self._customer("New Employer")
        contact.parent_id = other
        self.assertEqual(self.rows(), [])
        self.assertEqual(self.rows(other), [(date(2025, 3, 4), 80.0, order)])
        self.assertRowsAreTheDefinition()

    def test_the_company_time_zone_dates_the_orders(self):
        order = self._buy(self.customer, date(2025, 3, 4), 100.0)
        order.date_order = datetime(2025, 3, 4, 23, 30)  # UTC
        self.assertEqual(self.rows(), [(date(2025, 3, 4), 100.0, order)])
        # 00:30 on the 5th in Brussels (UTC+1 in March)
        self.company.partner_id.tz = "Europe/Brussels"
        self.assertEqual(self.rows(), [(date(2025, 3, 5), 100.0, order)])
        self.assertRowsAreTheDefinition()

    def test_the_purchase_source_switches_the_rows(self):
        self._buy(self.customer, date(2025, 3, 4), 100.0)
        self.assertEqual(len(self.rows()), 1)
        self.company.lifecycle_purchase_source = "invoice"
        self.assertEqual(self.rows(), [])
        self.company.lifecycle_purchase_source = "sale_order"
        self.assertEqual(len(self.rows()), 1)
        self.assertRowsAreTheDefinition()

    def test_a_rolled_back_savepoint_takes_back_its_rows_only(self):
        order = self._buy(self.customer, date(2025, 3, 4), 100.0)
        order.date_order = datetime(2025, 3, 9, 10)
        with contextlib.suppress(ValueError), self.env.cr.savepoint():
            order.date_order = datetime(2025, 3, 20, 10)
            self.assertEqual(self.rows(), [(date(2025, 3, 20), 100.0, order)])
            raise ValueError("rolled back")
        # the change made before the savepoint stays, in the table too
        self.env.cr.execute(
            SQL("SELECT date FROM crm_lifecycle_purchase WHERE order_id = %s", order.id)
        )
        self.assertEqual(self.env.cr.fetchone(), (date(2025, 3, 9),))
        self.assertEqual(self.rows(), [(date(2025, 3, 9), 100.0, order)])
        self.assertRowsAreTheDefinition()


@tagged("post_install", "-at_install")
class TestLifecyclePurchaseReadOnly(HttpCase):
    """The analysis is read by the web client's read-only requests (served by
    a replica where Odoo has one): reading never writes."""

    def test_the_analysis_reads_on_a_read_only_cursor(self):
        new_test_user(
            self.env,
            login="purchase_reader",
            groups="sales_team.group_sale_salesman,crm_lifecycle.crm_lifecycle_group_user",
        )
        customer = self.env["res.partner"].create(
            {"name": "Read-only Customer", "is_company": True}
        )
        product = self.env["product.product"].create({"name": "Read-only product"})
        order = self.env["sale.order"].create(
            {
                "partner_id": customer.id,
                "order_line": [
                    Command.create(
                        {"product_id": product.id, "price_unit": 40.0, "tax_id": False}
                    )
                ],
            }
        )
        order.action_confirm()
        self.env.cr.flush()  # what the commit runs first: the rows are derived
        self.authenticate("purchase_reader", "purchase_reader")
        with self.assertNoLogs("odoo.http", "WARNING"):
            result = self.make_jsonrpc_request(
                "/web/dataset/call_kw/crm.lifecycle.purchase/web_read_group",
                {
                    "model": "crm.lifecycle.purchase",
                    "method": "web_read_group",
                    "args": [],
                    "kwargs": {
                        "domain": [("partner_id", "=", customer.id)],
                        "fields": ["amount:sum"],
                        "groupby": ["partner_id"],
                    },
                },
            )
        self.assertEqual(result["groups"][0]["amount"], 40.0)
