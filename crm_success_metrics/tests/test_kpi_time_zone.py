# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Days start at midnight in the company's time zone: a day boundary end to end
(KPIs, query KPIs, the purchase analysis and the lifecycle figures)."""

from datetime import date, datetime

from odoo.tests import TransactionCase, tagged

from . import test_crm_success_query_kpi

JANUARY = (date(2025, 1, 1), date(2025, 1, 31))
FEBRUARY = (date(2025, 2, 1), date(2025, 2, 28))
MARCH = (date(2025, 3, 1), date(2025, 3, 31))


@tagged("post_install", "-at_install")
class TestKpiTimeZone(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        usd = cls.env.ref("base.USD")
        cls.brussels, cls.new_york = cls.env["res.company"].create(
            [
                {"name": "Brussels Co", "currency_id": usd.id},
                {"name": "New York Co", "currency_id": usd.id},
            ]
        )
        cls.brussels.lifecycle_tz = "Europe/Brussels"
        cls.new_york.lifecycle_tz = "America/New_York"
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                allowed_company_ids=[cls.brussels.id, cls.new_york.id],
            )
        )
        cls.product = cls.env["product.product"].create(
            {"name": "Service", "type": "service", "taxes_id": False}
        )

    def _customer(self, name, company):
        return self.env["res.partner"].create(
            {"name": name, "is_company": True, "company_id": company.id}
        )

    def _order(self, partner, moment, amount):
        """A confirmed order of the partner's company at ``moment`` (UTC)."""
        company = partner.company_id
        return (
            self.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "date_order": moment,
                    "state": "sale",
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": self.product.id,
                                "price_unit": amount,
                                "tax_id": False,
                            },
                        )
                    ],
                }
            )
        )

    def _measure(self, code, period, company):
        kpi = self.env["crm.success.kpi"].search([("code", "=", code)])
        return kpi.compute_value(*period, company)["value"]

    def _purchase_date(self, order):
        purchase = self.env["crm.lifecycle.purchase"].search(
            [("order_id", "=", order.id)]
        )
        return purchase.date

    def test_brussels_order_at_2330_utc_on_31_january_is_of_february(self):
        ada = self._customer("Ada", self.brussels)
        # 23:30 UTC on 31 January is 00:30 on 1 February in Brussels (UTC+1)
        late = self._order(ada, datetime(2025, 1, 31, 23, 30), 100.0)
        # 22:30 UTC is 23:30 on 31 January in Brussels: still January
        early = self._order(ada, datetime(2025, 1, 31, 22, 30), 40.0)
        lead = self.env["crm.lead"].create(
            {"name": "Late lead", "company_id": self.brussels.id}
        )
        lead.flush_recordset()
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = %s WHERE id = %s",
            [datetime(2025, 1, 31, 23, 30), lead.id],
        )
        self.assertEqual(self._purchase_date(late), date(2025, 2, 1))
        self.assertEqual(self._purchase_date(early), date(2025, 1, 31))
        # January: the 40 order; February: the 100 one
        self.assertEqual(self._measure("orders_count", JANUARY, self.brussels), 1.0)
        self.assertEqual(self._measure("sales_revenue", JANUARY, self.brussels), 40.0)
        self.assertEqual(self._measure("orders_count", FEBRUARY, self.brussels), 1.0)
        self.assertEqual(self._measure("sales_revenue", FEBRUARY, self.brussels), 100.0)
        # Ada first bought in January: new in January, repeat in February
        self.assertEqual(self._measure("new_customers", JANUARY, self.brussels), 1.0)
        self.assertEqual(self._measure("new_customers", FEBRUARY, self.brussels), 0.0)
        self.assertEqual(
            self._measure("repeat_purchase_rate", FEBRUARY, self.brussels), 100.0
        )
        self.assertEqual(self._measure("leads_created", JANUARY, self.brussels), 0.0)
        self.assertEqual(self._measure("leads_created", FEBRUARY, self.brussels), 1.0)
        ada._lifecycle_refresh()
        self.assertEqual(ada.first_order_date, date(2025, 1, 31))
        self.assertEqual(ada.last_order_date, date(2025, 2, 1))

    def test_brussels_order_at_2330_utc_is_of_january_at_utc(self):
        """The same order counts in January once the company's time zone is
        unset (UTC): the setting decides."""
        self.brussels.lifecycle_tz = False
        ada = self._customer("Ada", self.brussels)
        late = self._order(ada, datetime(2025, 1, 31, 23, 30), 100.0)
        self.assertEqual(self._purchase_date(late), date(2025, 1, 31))
        self.assertEqual(self._measure("orders_count", JANUARY, self.brussels), 1.0)
        self.assertEqual(self._measure("orders_count", FEBRUARY, self.brussels), 0.0)

    def test_new_york_order_at_0200_utc_on_1_march_is_of_february(self):
        bob = self._customer("Bob", self.new_york)
        # 02:00 UTC on 1 March is 21:00 on 28 February in New York (UTC-5)
        order = self._order(bob, datetime(2025, 3, 1, 2), 70.0)
        # 05:00 UTC on 1 March is midnight in New York: March
        march = self._order(bob, datetime(2025, 3, 1, 5), 30.0)
        self.assertEqual(self._purchase_date(order), date(2025, 2, 28))
        self.assertEqual(self._purchase_date(march), date(2025, 3, 1))
        self.assertEqual(self._measure("sales_revenue", FEBRUARY, self.new_york), 70.0)
        self.assertEqual(self._measure("sales_revenue", MARCH, self.new_york), 30.0)
        self.assertEqual(self._measure("new_customers", FEBRUARY, self.new_york), 1.0)
        self.assertEqual(self._measure("new_customers", MARCH, self.new_york), 0.0)
        # the other company's days are its own: nothing of New York in Brussels
        self.assertIsNone(self._measure("average_order_value", MARCH, self.brussels))
        # a query KPI on a datetime field cuts the days the same way
        # (the sale orders counted by order date, as in the query KPI tests)
        definition = test_crm_success_query_kpi.TestQueryKpiSecurity._definition
        query_kpi = self.env["crm.success.kpi"].create(definition(self))
        self.assertEqual(
            query_kpi.compute_value(*FEBRUARY, self.new_york)["value"], 1.0
        )
        self.assertEqual(query_kpi.compute_value(*MARCH, self.new_york)["value"], 1.0)
        bob._lifecycle_refresh()
        self.assertEqual(bob.first_order_date, date(2025, 2, 28))
