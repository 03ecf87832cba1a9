# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestLifecycleUpdate(LifecycleCommon):
    def test_confirm_and_cancel_update_the_customer_at_once(self):
        customer = self._customer("Incremental")
        bystander = self._customer("Bystander")
        self._buy(bystander, self.d("2025-06-01"))
        bystander.lifecycle_history_ids.unlink()  # superuser, to spot a new row
        order = self._buy(customer, self.d("2025-06-30"), state="draft")
        order.user_id = self.salesman
        order.with_user(self.salesman).action_confirm()
        self.assertStage(customer, "new")
        row = customer.lifecycle_history_ids
        self.assertEqual((row.reason, row.order_id), ("order", order))
        order.with_user(self.salesman)._action_cancel()
        self.assertStage(customer, None)
        self.assertEqual(customer.order_count, 0)
        self.assertEqual(len(customer.lifecycle_history_ids), 2)
        self.assertFalse(bystander.lifecycle_history_ids)
        # each change is logged in the customer's chatter, newest first
        logs = customer.message_ids.filtered(
            lambda message: "Lifecycle stage" in message.body
        ).mapped("body")
        self.assertEqual(
            logs,
            [
                "<p>Lifecycle stage: New → no stage (Sale Order, 2025-06-30)</p>",
                "<p>Lifecycle stage: no stage → New (Sale Order, 2025-06-30)</p>",
            ],
        )

    def test_first_purchase_of_a_referral_makes_the_referrer_advocate(self):
        referrer = self._customer("Referrer")
        for day in ("2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01"):
            self._buy(referrer, self.d(day))
        self.assertStage(referrer, "loyal")
        referral = self._customer("Referral", referred_by_id=referrer.id)
        self._buy(referral, self.d("2025-06-30"), state="draft").action_confirm()
        self.assertStage(referrer, "advocate")
        self.assertEqual(referrer.lifecycle_history_ids[0].reason, "referral")

    def test_single_customer_update_has_a_fixed_query_count(self):
        small = self._customer("One order")
        self._buy(small, self.d("2025-06-01"))
        big = self._customer("Many orders and referrals")
        for month in range(1, 7):
            self._buy(big, self.d(f"2025-0{month}-01"))
        for n in range(3):
            referral = self._customer(f"Referral {n}", referred_by_id=big.id)
            self._buy(referral, self.d("2025-06-01"))
        self.env.invalidate_all()
        # commercial partners, referrers, stages, company settings, 4 fact
        # queries and the bulk UPDATE, whatever the number of orders
        with self.assertQueryCount(10):
            small._lifecycle_refresh()
        self.env.invalidate_all()
        with self.assertQueryCount(10):
            big._lifecycle_refresh()

    def test_lead_gives_its_referrer_and_channel_to_the_customer(self):
        referrer = self._customer("Referrer")
        channel = self.env.ref(
            "crm_lifecycle.crm_acquisition_channel_customer_referral"
        )
        other_channel = self.env.ref("crm_lifecycle.crm_acquisition_channel_walk_in")
        customer = self._customer("From a lead")
        known = self._customer("Known", acquisition_channel_id=other_channel.id)
        lead_vals = {
            "name": "Referred lead",
            "referred": "Told by a friend",
            "referred_by_id": referrer.id,
            "acquisition_channel_id": channel.id,
        }
        self.env["crm.lead"].create({**lead_vals, "partner_id": customer.id})
        lead = self.env["crm.lead"].create(lead_vals)
        lead.partner_id = known
        self.assertEqual(customer.referred_by_id, referrer)
        self.assertEqual(customer.acquisition_channel_id, channel)
        self.assertEqual(known.acquisition_channel_id, other_channel)  # kept
        self.assertEqual(known.referred_by_id, referrer)
        self.assertEqual(lead.referred, "Told by a friend")
        self.assertEqual(referrer.referral_ids, customer | known)

    def test_merged_and_archived_partners(self):
        keep = self._customer("Kept")
        gone = self._customer("Duplicate")
        self._buy(keep, self.d("2025-06-01"))
        self._buy(gone, self.d("2025-06-10"))
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (keep | gone).ids, keep, extra_checks=False
        )
        self.assertFalse(gone.exists())
        self.assertEqual(keep.order_count, 2)
        self.assertStage(keep, "repeat")
        keep.action_archive()
        self.env["res.partner"].lifecycle_recompute_all()
        self.assertStage(keep, "repeat")
