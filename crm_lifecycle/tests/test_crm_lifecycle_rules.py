# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import LifecycleCommon

# Today is 2025-06-30 in every test of this file.
TODAY = "2025-06-30"
LOYAL_DAYS = ["2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"]


@tagged("post_install", "-at_install")
@freeze_time(f"{TODAY} 12:00:00")
class TestLifecycleRules(LifecycleCommon):
    def _customer_buying(self, name, days, **vals):
        customer = self._customer(name, **vals)
        for day in days:
            self._buy(customer, self.d(day))
        return customer

    def test_rules_table(self):
        # (name, purchase days, expected stage), worked out for 2025-06-30
        table = [
            # rule 7: no purchase and nothing going on: no stage
            ("supplier", [], None),
            # rule 6: one purchase, 29 days ago
            ("new", ["2025-06-01"], "new"),
            # 2025-04-01 -> 2025-06-30 = 29 + 31 + 30 = 90 days: not > 90
            ("new, 90 days", ["2025-04-01"], "new"),
            # 91 days: > max(90, no average) -> rule 2
            ("at risk, 91 days", ["2025-03-31"], "at_risk"),
            # 2024-06-30 -> 2025-06-30 = 365 days: not > 365, but > 90
            ("at risk, 365 days", ["2024-06-30"], "at_risk"),
            # 366 days > 365 -> rule 1
            ("churned", ["2024-06-29"], "churned"),
            # rule 5: two purchases, last one 29 days ago
            ("repeat", ["2025-05-01", "2025-06-01"], "repeat"),
            # avg = 2024-09-01 -> 2025-01-01 = 122 days; 1.5 * 122 = 183 and
            # gap 2025-01-01 -> 06-30 = 180 <= 183: not at risk although > 90
            ("slow repeat", ["2024-09-01", "2025-01-01"], "repeat"),
            # rule 4: 4 purchases in the 365 days before today, gap 90 <= 90
            ("loyal", LOYAL_DAYS, "loyal"),
            # 2024-06-30 is exactly 365 days ago: still in the window -> 4;
            # avg (2025-04-01 - 2024-06-30) / 3 = 275 / 3 -> threshold 137.5
            (
                "loyal, window edge",
                ["2024-06-30", "2024-10-01", "2025-01-01", "2025-04-01"],
                "loyal",
            ),
            # 2024-06-29 is 366 days ago: only 3 purchases in the window
            (
                "repeat, out of window",
                ["2024-06-29", "2024-10-01", "2025-01-01", "2025-04-01"],
                "repeat",
            ),
        ]
        customers = {name: self._customer_buying(name, days) for name, days, _ in table}
        self.env["res.partner"]._lifecycle_recompute_all()
        for name, _days, expected in table:
            with self.subTest(customer=name):
                self.assertStage(customers[name], expected)

    def test_prospects(self):
        lead_customer = self._customer("Has a lead")
        lead = self.env["crm.lead"].create(
            {
                "name": "Interest",
                "partner_id": lead_customer.id,
                "company_id": self.company.id,
            }
        )
        # create_date comes from the database clock, which freezegun leaves
        self.env.cr.execute(
            "UPDATE crm_lead SET create_date = '2025-06-01' WHERE id = %s", [lead.id]
        )
        quoted = self._customer("Has a quotation")
        self._buy(quoted, self.d("2025-06-01"), state="draft")
        cancelled = self._customer("Only a cancelled order")
        self._buy(cancelled, self.d("2025-06-01"), state="cancel")
        self.env["res.partner"]._lifecycle_recompute_all()
        self.assertStage(lead_customer, "prospect")
        self.assertStage(quoted, "prospect")
        # cancelled orders do not count, and a cancelled order is no quotation
        self.assertStage(cancelled, None)
        self.assertEqual(cancelled.order_count, 0)

    def test_advocate_needs_a_referral_who_bought(self):
        advocate = self._customer_buying("Advocate", LOYAL_DAYS)
        still_loyal = self._customer_buying("Loyal", LOYAL_DAYS)
        buyer = self._customer_buying(
            "Referred buyer", ["2025-06-15"], referred_by_id=advocate.id
        )
        quoting = self._customer("Referred prospect", referred_by_id=still_loyal.id)
        self._buy(quoting, self.d("2025-06-15"), state="draft")
        self.env["res.partner"]._lifecycle_recompute_all()
        self.assertStage(advocate, "advocate")
        self.assertStage(still_loyal, "loyal")
        self.assertStage(buyer, "new")
        self.assertEqual(advocate.referral_count, 1)
        self.assertEqual(advocate.referred_revenue, 100.0)
        self.assertEqual(still_loyal.referral_count, 0)

    def test_figures_and_contacts(self):
        customer = self._customer("Figures")
        contact = self.env["res.partner"].create(
            {"name": "Buyer at Figures", "parent_id": customer.id}
        )
        self._buy(customer, self.d("2025-01-01"), 100.0)
        self._buy(contact, self.d("2025-03-02"), 250.0)
        self._buy(customer, self.d("2025-05-01"), 50.0, state="cancel")
        self.env["res.partner"]._lifecycle_recompute_all()
        self.assertEqual(customer.order_count, 2)
        self.assertEqual(customer.lifetime_revenue, 350.0)  # 100 + 250
        self.assertEqual(str(customer.first_order_date), "2025-01-01")
        self.assertEqual(str(customer.last_order_date), "2025-03-02")
        # 2025-01-01 -> 2025-03-02 = 31 + 29 = 60 days over one interval
        self.assertEqual(customer.avg_days_between_orders, 60.0)
        self.assertEqual(str(customer.next_expected_order_date), "2025-05-01")
        # the contact shows its company's values
        self.assertEqual(contact.order_count, 2)
        self.assertEqual(contact.lifecycle_stage_id, customer.lifecycle_stage_id)
        # gap 2025-03-02 -> 06-30 = 120 > max(90, 1.5 * 60 = 90) -> at risk
        self.assertStage(customer, "at_risk")

    def test_foreign_currency_converted_like_sale_report(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        # 1 USD = 2 EUR in this company
        self.env["res.currency.rate"].create(
            {
                "currency_id": eur.id,
                "rate": 2.0,
                "name": "2024-01-01",
                "company_id": self.company.id,
            }
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": eur.id, "company_id": self.company.id}
        )
        customer = self._customer("Euro buyer")
        self._buy(customer, self.d("2025-06-01"), 300.0, pricelist=pricelist)
        self._buy(customer, self.d("2025-06-02"), 10.0)
        self.env["res.partner"]._lifecycle_recompute_all()
        # 300 EUR / 2 = 150 USD, + 10 USD
        self.assertEqual(customer.lifetime_revenue, 160.0)

    def test_recompute_history_rows(self):
        # at risk since 2025-03-31 + 91 days = 2025-06-30, an inactivity change
        customer = self._customer_buying("Quiet", ["2025-03-31"])
        self.assertEqual(len(customer.lifecycle_history_ids), 1)
        row = customer.lifecycle_history_ids
        self.assertEqual(row.stage_to_id.code, "at_risk")
        self.assertEqual(str(row.date), "2025-06-30")
        self.assertEqual(row.reason, "inactivity")
        self.assertEqual(str(customer.lifecycle_stage_date), "2025-06-30")
        # nothing changed: a second run appends nothing
        self.env["res.partner"]._lifecycle_recompute_all()
        self.assertEqual(len(customer.lifecycle_history_ids), 1)

    def test_as_of_a_past_date(self):
        customer = self._customer_buying("Past", ["2025-01-01", "2025-06-01"])
        self.env["res.partner"]._lifecycle_recompute_all(as_of=self.d("2025-03-01"))
        # on 2025-03-01 only the first purchase had happened, 59 days before
        self.assertStage(customer, "new")
        self.assertEqual(customer.order_count, 1)

    def test_thresholds_are_company_settings(self):
        ours = self._customer_buying(
            "Our customer", ["2025-06-01"], company_id=self.company.id
        )
        shared = self._customer_buying("Shared customer", ["2025-06-01"])
        self.assertStage(ours, "new")
        self.assertStage(shared, "new")
        # 29 days since the purchase > 20, with this company's thresholds
        self.company.lifecycle_at_risk_min_days = 20
        self.env["res.partner"]._lifecycle_recompute_all()
        self.assertStage(ours, "at_risk")
        # a customer shared between companies follows the main company's
        self.assertStage(shared, "new")
        self.env.ref("base.main_company").lifecycle_at_risk_min_days = 25
        self.env["res.partner"]._lifecycle_recompute_all()
        self.assertStage(shared, "at_risk")
