# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestLifecycleCompanies(LifecycleCommon):
    def test_stage_counts_the_orders_of_the_current_companies(self):
        other = self.env["res.company"].create({"name": "Lifecycle Other Co"})
        customer = self._customer("Buys in two companies")
        self._buy(customer, self.d("2025-03-01"))
        self.env["sale.order"].with_company(other).create(
            {
                "partner_id": customer.id,
                "company_id": other.id,
                "date_order": "2025-06-20 10:00:00",
                "state": "sale",
            }
        )
        partners = self.env["res.partner"]
        partners.with_context(
            allowed_company_ids=[self.company.id]
        ).lifecycle_recompute_all()
        # only this company's order of 2025-03-01: 121 days ago -> at risk
        self.assertEqual(customer.order_count, 1)
        self.assertStage(customer, "at_risk")
        both = [self.company.id, other.id]
        partners.with_context(allowed_company_ids=both).lifecycle_recompute_all()
        # both orders: the last one 10 days ago -> repeat
        self.assertEqual(customer.order_count, 2)
        self.assertStage(customer, "repeat")

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
