# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestLifecyclePortfolio(TransactionCase):
    """RFM, Pareto and data quality on a small hand-computed dataset.

    Dates are in 2035 so that the demo orders fall outside the RFM window.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Portfolio Co"})
        cls.env = cls.env(context=dict(cls.env.context, tracking_disable=True))
        cls.product = cls.env["product.product"].create(
            {"name": "Widget", "list_price": 1.0, "taxes_id": False}
        )
        partners = cls.env["res.partner"]
        cls.p1, cls.p2, cls.p3, cls.p4, cls.p5, cls.p6 = partners.create(
            [{"name": f"RFM {n}", "is_company": True} for n in range(1, 7)]
        )
        cls.p1_contact = partners.create(
            {"name": "RFM 1 buyer", "parent_id": cls.p1.id}
        )

    def _order(self, partner, date, amount, state="sale", pricelist=None):
        return self.env["sale.order"].create(
            {
                "partner_id": partner.id,
                "company_id": self.company.id,
                "date_order": date,
                "state": state,
                "pricelist_id": pricelist and pricelist.id,
                "order_line": [
                    (
                        0,
                        0,
                        {
                            "product_id": self.product.id,
                            "product_uom_qty": 1,
                            "price_unit": amount,
                            "tax_id": False,
                        },
                    )
                ],
            }
        )

    def _foreign(self):
        """A pricelist in another currency, 2 units per company currency unit."""
        usd, eur = self.env.ref("base.USD"), self.env.ref("base.EUR")
        foreign = eur if self.company.currency_id == usd else usd
        foreign.active = True
        self.env["res.currency.rate"].create(
            {
                "currency_id": foreign.id,
                "company_id": self.company.id,
                "name": "2035-01-01",
                "rate": 2.0,
            }
        )
        return self.env["product.pricelist"].create(
            {
                "name": "Foreign",
                "currency_id": foreign.id,
                "company_id": self.company.id,
            }
        )

    def _rfm(self, partner):
        return (
            partner.rfm_recency_score,
            partner.rfm_frequency_score,
            partner.rfm_monetary_score,
            partner.rfm_segment,
            partner.pareto_class,
        )

    @freeze_time("2035-06-30 12:00:00")
    def test_rfm_and_pareto(self):
        # P1: 5 orders of 200, last 28 June (one placed by its contact)
        for day in ("2035-02-01", "2035-03-01", "2035-04-01", "2035-05-01"):
            self._order(self.p1, f"{day} 10:00:00", 200)
        self._order(self.p1_contact, "2035-06-28 10:00:00", 200)
        # P2: 1 order on 29 June (the most recent) of 100 in a currency worth
        # half the company's: 100 / 2.0 = 50, converted like sale.report
        self._order(self.p2, "2035-06-29 10:00:00", 100, pricelist=self._foreign())
        # P3: 4 orders of 100, last 10 January
        for day in ("2034-08-01", "2034-10-01", "2034-12-01", "2035-01-10"):
            self._order(self.p3, f"{day} 10:00:00", 100)
        # P4: 2 orders of 30, last 1 September 2034 (one a year and a day
        # ago: outside the window, so it does not count)
        self._order(self.p4, "2034-06-29 10:00:00", 30)
        self._order(self.p4, "2034-07-15 10:00:00", 30)
        self._order(self.p4, "2034-09-01 10:00:00", 30)
        # P5: 3 orders of 10, last 15 March; a cancelled one does not count
        for day in ("2035-01-15", "2035-02-15", "2035-03-15"):
            self._order(self.p5, f"{day} 10:00:00", 10)
        self._order(self.p5, "2035-06-29 11:00:00", 999, state="cancel")
        # P6: only an order older than 365 days, and a quotation
        self._order(self.p6, "2034-01-01 10:00:00", 500)
        self._order(self.p6, "2035-06-01 10:00:00", 500, state="draft")
        self.p6.write({"rfm_segment": "champions", "pareto_class": "A"})

        self.env["res.partner"]._lifecycle_refresh_portfolio()

        # Recency, oldest last purchase first: P4 (1 Sep) 1, P3 (10 Jan) 2,
        # P5 (15 Mar) 3, P1 (28 Jun) 4, P2 (29 Jun) 5.
        # Frequency, fewest first: P2 (1) 1, P4 (2) 2, P5 (3) 3, P3 (4) 4, P1 (5) 5.
        # Monetary, lowest first: P5 (30) 1, P2 (50) 2, P4 (60) 3, P3 (400) 4,
        # P1 (1000) 5.
        # Pareto, total 1540; share before each: P1 0 % A, P3 1000/1540 = 65 %
        # A, P4 1400/1540 = 90.9 % B, P2 1460/1540 = 94.8 % B, P5 1510/1540 =
        # 98 % C.
        expected = {
            self.p1: (4, 5, 5, "champions", "A"),
            self.p2: (5, 1, 2, "new", "B"),
            self.p3: (2, 4, 4, "loyal", "A"),  # F>=4 wins over at risk
            self.p4: (1, 2, 3, "hibernating", "B"),
            self.p5: (3, 3, 1, "others", "C"),
            self.p1_contact: (4, 5, 5, "champions", "A"),  # its company's
            self.p6: (0, 0, 0, False, False),  # nothing in the window: cleared
        }
        for partner, values in expected.items():
            self.assertEqual(self._rfm(partner), values, partner.name)
        # a customer refreshed alone (on its order, say) is ranked against
        # the others' stored figures: the same scores as the full refresh
        self.env.cr.execute(
            """
            UPDATE res_partner
               SET rfm_recency_score = NULL, rfm_frequency_score = NULL,
                   rfm_monetary_score = NULL, rfm_segment = NULL, pareto_class = NULL
             WHERE commercial_partner_id IN %s
            """,
            [tuple((self.p3 | self.p4).ids)],
        )
        self.env.invalidate_all()
        for partner in (self.p3, self.p4):
            self.env["crm.lifecycle.portfolio"]._refresh(partner.ids)
            self.assertEqual(self._rfm(partner), expected[partner], partner.name)
        self.assertEqual((self.p3 | self.p4).mapped("rfm_purchase_count"), [4, 2])

    def test_duplicates_found_when_customers_are_refreshed_alone(self):
        partners = self.env["res.partner"]
        partners.create(
            {
                "name": "Known",
                "is_company": True,
                "email": " Shared@Example.com",
                "phone": "0032 2 555 12 34",
            }
        )
        self.env["res.partner"]._lifecycle_refresh_portfolio()
        same_email = partners.create(
            {"name": "Same email", "is_company": True, "email": "shared@example.com"}
        )
        same_phone = partners.create(
            {"name": "Same phone", "is_company": True, "mobile": "+32 2 555 12 34"}
        )
        alone = partners.create(
            {"name": "Alone", "is_company": True, "email": "alone@example.com"}
        )
        self.env["crm.lifecycle.portfolio"]._refresh(
            (same_email | same_phone | alone).ids
        )
        self.assertEqual(
            same_email.data_quality_duplicate_key, "email:shared@example.com"
        )
        # "0032 ..." and "+32 ..." are the same number: 32 2 555 12 34
        self.assertEqual(same_phone.data_quality_duplicate_key, "phone:3225551234")
        self.assertFalse(alone.data_quality_duplicate_key)
        # alone: valid email only (no phone, address, channel): 2 of 5 checks
        self.assertEqual(alone.data_quality_score, 40)

    @freeze_time("2035-06-30 12:00:00")
    def test_refresh_queries_do_not_grow_with_partners(self):
        partners = self.env["res.partner"]
        self._order(self.p1, "2035-06-01 10:00:00", 10)

        def refresh_queries():
            partners.invalidate_model()
            before = self.env.cr.sql_log_count
            partners._lifecycle_refresh_portfolio()
            return self.env.cr.sql_log_count - before

        refresh_queries()  # warm the caches
        few = refresh_queries()
        for partner in partners.create(
            [{"name": f"Bulk {n}", "email": f"bulk{n}@x.example"} for n in range(30)]
        ):
            self._order(partner, "2035-06-02 10:00:00", 20)
        self.assertEqual(refresh_queries(), few)

    def test_data_quality(self):
        channel = self.env["crm.acquisition.channel"].search([], limit=1)
        belgium = self.env.ref("base.be")
        complete = {
            "street": "Rue Haute 1",
            "city": "Brussels",
            "country_id": belgium.id,
            "acquisition_channel_id": channel.id,
        }
        partners = self.env["res.partner"]
        q1 = partners.create(
            {
                "name": "DQ complete",
                "is_company": True,
                "email": "q1@dqtest.example",
                "phone": "+32 470 99 88 01",
                **complete,
            }
        )
        q1_contact = partners.create(
            {"name": "DQ contact", "parent_id": q1.id, "email": "dup@dqtest.example"}
        )
        q2 = partners.create(
            {"name": "DQ sloppy", "email": "q2-at-dqtest", "street": "Somewhere"}
        )
        q3 = partners.create(
            {
                "name": "DQ twin 1",
                "email": "Dup@DQtest.example",
                "phone": "+32 470 99 88 03",
                **complete,
            }
        )
        q4 = partners.create(
            {
                "name": "DQ twin 2",
                "email": " dup@dqtest.example",
                "mobile": "0032 470 99 88 04",
                **complete,
            }
        )
        archived = partners.create(
            {"name": "DQ archived", "email": "q1@dqtest.example", "active": False}
        )

        partners._lifecycle_refresh_portfolio()

        self.assertEqual(q1.data_quality_score, 100)
        self.assertFalse(q1.data_quality_issues)
        self.assertFalse(q1.data_quality_duplicate_key, "archived twin ignored")
        # a contact shows its company's score; its email is not checked
        self.assertEqual(q1_contact.data_quality_score, 100)
        # only the duplicate check passed: 1 of 5 = 20
        self.assertEqual(q2.data_quality_score, 20)
        self.assertEqual(
            q2.data_quality_issues,
            "invalid email, no valid phone, incomplete address, no acquisition channel",
        )
        # 4 of 5 = 80, both carry the same duplicate key
        for twin in (q3, q4):
            self.assertEqual(twin.data_quality_score, 80)
            self.assertEqual(twin.data_quality_issues, "possible duplicate")
            self.assertEqual(
                twin.data_quality_duplicate_key, "email:dup@dqtest.example"
            )
        self.assertFalse(archived.data_quality_score)
        action = q3.action_view_duplicates()
        self.assertEqual(partners.search(action["domain"]), q3 | q4)
