# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestLifecycleCompanies(LifecycleCommon):
    def test_stage_counts_the_orders_of_every_company_whoever_recomputes(self):
        other = self.env["res.company"].create({"name": "Lifecycle Other Co"})
        customer = self._customer("Buys in two companies")
        self._buy(customer, self.d("2025-03-01"), amount=100.0)
        self._buy(customer, self.d("2025-06-20"), amount=50.0, company=other)
        refreshes = [
            # a salesman who only works in this company, from the form
            customer.with_user(self.salesman).action_lifecycle_recompute,
        ] + [
            # the daily recompute, whatever the companies of its user
            self.env["res.partner"]
            .with_context(allowed_company_ids=companies)
            ._lifecycle_recompute_all
            for companies in ([self.company.id], [other.id])
        ]
        for refresh in refreshes:
            refresh()
            # both orders, the last one 10 days ago -> repeat
            self.assertEqual(customer.order_count, 2)
            self.assertEqual(customer.lifetime_revenue, 150.0)
            self.assertStage(customer, "repeat")

    def test_amounts_are_in_the_currency_of_the_customer_company(self):
        eur = self.env.ref("base.EUR")
        eur.active = True
        main_company = self.env.ref("base.main_company")
        main_currency = main_company.currency_id
        self.assertEqual(main_currency, self.env.ref("base.USD"))
        euro_company = self.env["res.company"].create(
            {"name": "Lifecycle Euro Co", "currency_id": eur.id}
        )
        # 1 USD = 0.5 EUR, in both companies' rate tables
        self.env["res.currency.rate"].create(
            [
                {"currency_id": eur.id, "rate": 0.5, "company_id": company.id}
                for company in (main_company, euro_company)
            ]
        )
        pricelist = self.env["product.pricelist"].create(
            {"name": "Euros", "currency_id": eur.id, "company_id": euro_company.id}
        )

        def buy_100_eur(partner):
            self._buy(
                partner, self.d("2025-06-01"), 100.0, pricelist, "sale", euro_company
            )

        customer = self._customer("Euro customer", company_id=euro_company.id)
        buy_100_eur(customer)
        self.assertEqual(customer.lifecycle_currency_id, eur)
        # 100 EUR, not the 200 USD it is worth in the main company's currency
        self.assertAlmostEqual(customer.lifetime_revenue, 100.0)
        shared = self._customer("Shared customer")
        buy_100_eur(shared)
        self.assertEqual(shared.lifecycle_currency_id, main_currency)
        self.assertAlmostEqual(shared.lifetime_revenue, 200.0)

    def test_history_of_another_company_customer_is_hidden(self):
        other = self.env["res.company"].create({"name": "Lifecycle Hidden Co"})
        theirs = self._customer("Their customer", company_id=other.id)
        self.env["crm.lifecycle.history"].create(
            {"partner_id": theirs.id, "date": "2025-06-01", "reason": "manual"}
        )
        ours = self._customer("Our customer")
        self._buy(ours, self.d("2025-06-01"))
        History = self.env["crm.lifecycle.history"].with_user(self.salesman)
        visible = History.search([("partner_id", "in", (theirs | ours).ids)])
        self.assertEqual(visible.partner_id, ours)

    def test_access_rights(self):
        customer = self._customer("Seen by a salesman")
        self._buy(customer, self.d("2025-06-01"))
        as_salesman = customer.with_user(self.salesman)
        self.assertEqual(as_salesman.lifecycle_stage_id.code, "new")
        as_salesman.action_lifecycle_recompute()  # the form's button
        report = self.env["crm.lifecycle.report"].with_user(self.salesman)
        self.assertEqual(
            report.search([("partner_id", "=", customer.id)]).stage_to_id.code, "new"
        )
        with self.assertRaises(AccessError):
            self.env["crm.acquisition.channel"].with_user(self.salesman).create(
                {"name": "Flyers", "code": "flyers"}
            )
        employee = new_test_user(
            self.env,
            login="lifecycle_employee",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        with self.assertRaises(AccessError):
            self.env["crm.lifecycle.history"].with_user(employee).search([])
