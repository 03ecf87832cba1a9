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
        order = order.with_user(self.salesman).with_context(tracking_disable=False)
        order.action_confirm()
        self.assertStage(customer, "new")
        row = customer.lifecycle_history_ids
        self.assertEqual((row.reason, row.order_id), ("order", order))
        order._action_cancel()
        self.assertStage(customer, None)
        self.assertEqual(customer.order_count, 0)
        self.assertEqual(len(customer.lifecycle_history_ids), 2)
        self.assertFalse(bystander.lifecycle_history_ids)
        # each change is tracked in the customer's chatter, newest first
        tracked = customer.message_ids.filtered("tracking_value_ids")
        self.assertEqual(
            [
                (
                    message.body,
                    message.tracking_value_ids.field_id.name,
                    message.tracking_value_ids.old_value_char,
                    message.tracking_value_ids.new_value_char,
                )
                for message in tracked
            ],
            [
                ("<p>Sale Order, 06/30/2025</p>", "lifecycle_stage_id", "New", ""),
                ("<p>Sale Order, 06/30/2025</p>", "lifecycle_stage_id", "", "New"),
            ],
        )
        self.assertEqual(tracked.subtype_id, self.env.ref("mail.mt_note"))
        self.assertEqual(
            tracked[1].tracking_value_ids.new_value_integer, self.stages["new"].id
        )

    def test_stage_change_is_tracked_once_when_the_customer_was_edited(self):
        customer = self._customer("Edited, then buying")
        self.env.cr.flush()  # as if created in an earlier transaction
        # a write prepares Odoo's tracking of all the partner's tracked fields
        customer.with_context(tracking_disable=False).phone = "+32 2 555 00 00"
        order = self._buy(customer, self.d("2025-06-30"), state="draft")
        order.with_context(tracking_disable=False).action_confirm()
        self.env.flush_all()
        self.env.cr.flush()  # runs Odoo's tracking, as at commit
        customer.invalidate_recordset(["message_ids"])
        tracked = customer.message_ids.tracking_value_ids
        self.assertEqual(
            sorted(value.field_id.name for value in tracked),
            ["lifecycle_stage_id", "phone"],
        )
        stage_value = tracked.filtered(lambda v: v.field_id.name != "phone")
        self.assertEqual(stage_value.new_value_char, "New")
        self.assertEqual(
            stage_value.mail_message_id.body, "<p>Sale Order, 06/30/2025</p>"
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
        # user, commercial partners, referrers, companies and their settings,
        # 4 fact queries, stages and the bulk UPDATE, whatever the number of
        # orders
        with self.assertQueryCount(11):
            small._lifecycle_refresh()
        self.env.invalidate_all()
        with self.assertQueryCount(11):
            big._lifecycle_refresh()
        # a change of stage adds its history row, the author of its tracking
        # message, the tracked field (cached afterwards) and the message
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_stage_id = NULL WHERE id = %s",
            [big.id],
        )
        self.env.invalidate_all()
        with self.assertQueryCount(15):
            big.with_context(tracking_disable=False)._lifecycle_refresh()
        self.assertEqual(big.lifecycle_history_ids[0].stage_from_id.code, False)
        self.assertEqual(
            big.message_ids[0].tracking_value_ids.new_value_integer,
            big.lifecycle_stage_id.id,
        )

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
        self.env["res.partner"]._lifecycle_recompute_all()
        self.assertStage(keep, "repeat")

    def test_merging_into_a_contact_moves_complaints_to_its_company(self):
        company = self._customer("Acme")
        contact = self.env["res.partner"].create(
            {"name": "Jane", "parent_id": company.id}
        )
        # the same person, recorded again without her company
        duplicate = self.env["res.partner"].create({"name": "Jane Doe"})
        complaint = self.env["crm.complaint"].create(
            {"partner_id": duplicate.id, "description": "Late delivery"}
        )
        self.env["base.partner.merge.automatic.wizard"]._merge(
            (contact | duplicate).ids, contact, extra_checks=False
        )
        self.assertEqual(complaint.partner_id, contact)
        self.assertEqual(complaint.commercial_partner_id, company)
        self.assertEqual(company.complaint_count, 1)
