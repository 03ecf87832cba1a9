# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.tests import tagged

from .common import LifecycleCommon

# queries of a one-customer refresh (see the test), and when its stage changes
QUERIES = 23
QUERIES_WITH_CHANGE = 28


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
        # each change is logged in the customer's chatter as its history row
        # says, newest first, as a note without tracking values
        self.assertEqual(
            self._stage_notes(customer),
            [
                "<p>New → no stage on 06/30/2025: Purchases cancelled</p>",
                "<p>no stage → New on 06/30/2025: First purchase</p>",
            ],
        )
        notes = customer.message_ids.filtered(lambda m: "→" in m.body)
        self.assertEqual(notes.subtype_id, self.env.ref("mail.mt_note"))
        self.assertFalse(notes.tracking_value_ids)
        self.assertEqual(notes.author_id, self.salesman.partner_id)

    def _stage_notes(self, customer):
        customer.invalidate_recordset(["message_ids"])
        return [m.body for m in customer.message_ids if "→" in m.body]

    def test_stage_change_is_logged_once_when_the_customer_was_edited(self):
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
        # the stage is not a tracked field: its change is the history's note
        self.assertEqual(tracked.field_id.mapped("name"), ["phone"])
        self.assertEqual(
            self._stage_notes(customer),
            ["<p>no stage → New on 06/30/2025: First purchase</p>"],
        )

    def test_chatter_tells_the_history_after_a_rebuild_and_a_change(self):
        customer = self._customer("Rebuilt, then back")
        self._buy(customer, self.d("2025-01-01"))
        self._buy(customer, self.d("2025-02-01"))
        # silent so far (tracking disabled); the rebuild posts one summary:
        # new, repeat, then at risk 91 days after Feb 1 (avg gap 31 days,
        # threshold max(90, 1.5 * 31) = 90)
        history = self.env["crm.lifecycle.history"]
        history.with_context(tracking_disable=False)._rebuild(customer)
        order = self._buy(customer, self.d("2025-06-30"), state="draft")
        order.with_context(tracking_disable=False).action_confirm()
        self.assertStage(customer, "repeat")
        rows = customer.lifecycle_history_ids.sorted(lambda r: (r.date, r.id))
        self.assertEqual(
            [
                (
                    str(row.date),
                    row.stage_from_id.name,
                    row.stage_to_id.name,
                    row.reason,
                )
                for row in rows
            ],
            [
                ("2025-01-01", False, "New", "rebuild"),
                ("2025-02-01", "New", "Repeat", "rebuild"),
                ("2025-05-03", "Repeat", "At Risk", "rebuild"),
                ("2025-06-30", "At Risk", "Repeat", "order"),
            ],
        )
        self.assertEqual(
            self._stage_notes(customer),
            [
                "<p>At Risk → Repeat on 06/30/2025: Purchase</p>",
                "<p>Lifecycle history rebuilt from past orders:</p><ul>"
                "<li>no stage → New on 01/01/2025: Rebuilt from past orders</li>"
                "<li>New → Repeat on 02/01/2025: Rebuilt from past orders</li>"
                "<li>Repeat → At Risk on 05/03/2025: Rebuilt from past orders</li>"
                "</ul>",
            ],
        )

    def test_notes_of_a_bulk_run_are_copies_of_a_mail_note(self):
        # mail's _message_log_batch writes the first note of a run, the others
        # are copied from it: only the customer, the body and the Message-Id
        # differ, and the bodies are stored as mail's sanitizer stores the
        # first one
        self.stages["new"].name = 'Won\'t "wait" & see'
        customers = self.env["res.partner"]
        for n in range(3):
            customers |= self._customer(f"Bulk {n}")
            self._buy(customers[-1], self.d("2025-06-01"))  # silent (tracking off)
        history = self.env["crm.lifecycle.history"]
        history.with_context(tracking_disable=False)._rebuild(customers)
        self.env.cr.execute(
            "SELECT * FROM mail_message WHERE model = 'res.partner' "
            "AND res_id = ANY(%s) ORDER BY id",
            [customers.ids],
        )
        notes = self.env.cr.dictfetchall()
        self.assertEqual(sorted(note["res_id"] for note in notes), customers.ids)
        body = (
            "<p>Lifecycle history rebuilt from past orders:</p><ul>"
            '<li>no stage → Won\'t "wait" &amp; see on 06/01/2025: '
            "Rebuilt from past orders</li></ul>"
        )
        self.assertEqual([note["body"] for note in notes], [body] * 3)

        def shared(note):
            own = ("id", "res_id", "body", "message_id")
            return {k: v for k, v in note.items() if k not in own}

        # each its own Message-Id, the first's with the customer's id
        first_id = notes[0]["message_id"]
        self.assertEqual(
            [note["message_id"] for note in notes[1:]],
            [first_id.replace("@", f"-{note['res_id']}@") for note in notes[1:]],
        )
        self.assertEqual(len({note["message_id"] for note in notes}), 3)

        self.assertEqual(shared(notes[1]), shared(notes[0]))
        self.assertEqual(shared(notes[2]), shared(notes[0]))
        self.assertEqual(
            (notes[0]["message_type"], notes[0]["subtype_id"], notes[0]["is_internal"]),
            ("notification", self.env.ref("mail.mt_note").id, True),
        )
        self.assertEqual(
            customers[1].message_ids.filtered(lambda m: "→" in m.body).body, body
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
        # customers of the test company: its settings (no NPS question when
        # crm_success_metrics is installed) apply
        own = {"company_id": self.company.id}
        small = self._customer("One order", email="small@example.com", **own)
        self._buy(small, self.d("2025-06-01"))
        big = self._customer("Many", email="big@example.com", **own)
        for month in range(1, 7):
            self._buy(big, self.d(f"2025-0{month}-01"))
        for n in range(3):
            referral = self._customer(f"Referral {n}", referred_by_id=big.id, **own)
            self._buy(referral, self.d("2025-06-01"))
        self.env.invalidate_all()
        # lifecycle: user, commercial partners, referrers, companies and
        # their settings, 4 fact queries, stages and the bulk UPDATE; the
        # recompute and the portfolio each apply the purchases' pending
        # changes first (one query when there are none);
        # portfolio: companies, the JIT switch (3), one query for RFM and
        # for payment behaviour, two for data quality (the customer's and the
        # partners that may share its email), then one UPDATE of the
        # customer's figures and one clearing of the others'; whatever the
        # number of orders
        with self.assertQueryCount(QUERIES):
            small._lifecycle_refresh()
        self.env.invalidate_all()
        with self.assertQueryCount(QUERIES):
            big._lifecycle_refresh()
        # a change of stage adds its history row, the stages' names, the
        # author and the message of its chatter note
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_stage_id = NULL WHERE id = %s",
            [big.id],
        )
        self.env.invalidate_all()
        with self.assertQueryCount(QUERIES_WITH_CHANGE):
            big.with_context(tracking_disable=False)._lifecycle_refresh()
        self.assertEqual(big.lifecycle_history_ids[0].stage_from_id.code, False)
        self.assertEqual(
            self._stage_notes(big)[0],
            "<p>no stage → Advocate on 06/01/2025: Purchase</p>",
        )

    def test_new_customer_shows_its_portfolio_figures_at_once(self):
        newcomer = self._customer(
            "Newcomer",
            email="newcomer@example.com",
            phone="+32 2 555 01 01",
            street="Rue Neuve 1",
            city="Brussels",
            country_id=self.env.ref("base.be").id,
            acquisition_channel_id=self.env.ref(
                "crm_lifecycle.crm_acquisition_channel_walk_in"
            ).id,
        )
        self.env["res.partner"]._lifecycle_refresh_portfolio()  # last night
        self._buy(newcomer, self.d("2025-06-30"), state="draft").action_confirm()
        # the most recent purchase of the portfolio (ties: the newest
        # partner last) is in the top recency quintile; every check passes
        self.assertEqual(newcomer.rfm_recency_score, 5)
        self.assertGreaterEqual(newcomer.rfm_frequency_score, 1)
        self.assertGreaterEqual(newcomer.rfm_monetary_score, 1)
        self.assertTrue(newcomer.rfm_segment)
        self.assertTrue(newcomer.pareto_class)
        self.assertEqual(newcomer.data_quality_score, 100)
        self.assertFalse(newcomer.data_quality_issues)

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
