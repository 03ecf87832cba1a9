# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Finding 2: the history is append-only evidence. Only the system and
lifecycle managers through the manual correction wizard add rows; a customer
with history is archived, not deleted."""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import Form, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestLifecycleCorrection(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._role_users()
        with freeze_time("2025-01-05 09:00:00"):
            cls.customer = cls._customer("Corrected")
        for day in ("2025-01-10", "2025-02-10", "2025-03-10", "2025-04-10"):
            cls._buy(cls.customer, cls.d(day))
        cls.env["crm.lifecycle.history"]._rebuild(cls.customer)  # loyal 04-10

    def _history_count(self):
        return self.env["crm.lifecycle.history"].search_count([])

    def _wizard(self, user=None, **vals):
        wizard = (
            self.env["crm.lifecycle.correction.wizard"]
            .with_user(user or self.lifecycle_manager)
            .with_context(active_model="res.partner", active_id=self.customer.id)
        )
        return wizard.create(
            {
                "date": "2025-06-01",
                "stage_to_id": self.stages["advocate"].id,
                "note": "Recommended us at the trade fair.",
                **vals,
            }
        )

    def test_forged_rows_refused(self):
        before = self._history_count()
        forged = {
            "partner_id": self.customer.id,
            "date": "1999-01-01",
            "reason": "referral",
            "stage_to_id": self.stages["advocate"].id,
        }
        for user in (
            self.salesman,
            self.sales_manager,
            self.lifecycle_user,
            self.lifecycle_manager,
        ):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["crm.lifecycle.history"].with_user(user).create(forged)
        self.assertEqual(self._history_count(), before)

    def test_manager_records_a_correction(self):
        before = self._history_count()
        messages = len(self.customer.message_ids)
        wizard = self._wizard()
        self.assertEqual(wizard.partner_id, self.customer)
        self.assertEqual(wizard.stage_from_id, self.stages["loyal"])
        wizard.action_confirm()
        self.assertEqual(self._history_count(), before + 1)
        row = self.customer.lifecycle_history_ids.sorted("id")[-1]
        self.assertEqual(
            (str(row.date), row.stage_from_id.code, row.stage_to_id.code, row.reason),
            ("2025-06-01", "loyal", "advocate", "manual"),
        )
        self.assertEqual(row.note, "Recommended us at the trade fair.")
        self.assertEqual(row.create_uid, self.lifecycle_manager)
        self.customer.invalidate_recordset()
        self.assertEqual(len(self.customer.message_ids), messages + 1)
        log = self.customer.message_ids[0]
        self.assertIn("Loyal → Advocate", log.body)
        self.assertIn("Recommended us at the trade fair.", log.body)
        self.assertEqual(log.author_id, self.lifecycle_manager.partner_id)
        # the rules' stage is not changed by the correction (see the readme)
        self.assertStage(self.customer, "loyal")

    def test_correction_form(self):
        form = Form(
            self.env["crm.lifecycle.correction.wizard"]
            .with_user(self.lifecycle_manager)
            .with_context(active_model="res.partner", active_id=self.customer.id)
        )
        form.date = self.d("2025-02-20")
        self.assertEqual(form.stage_from_id, self.stages["repeat"])
        form.stage_to_id = self.stages["churned"]
        form.note = "Closed down"
        form.save().action_confirm()
        self.assertEqual(
            self.customer.lifecycle_history_ids.filtered(
                lambda r: r.reason == "manual"
            ).stage_to_id,
            self.stages["churned"],
        )

    def test_invalid_corrections_refused(self):
        cases = {
            "future date": {"date": "2025-07-01"},
            "before the customer existed": {"date": "2025-01-04"},
            "blank note": {"note": "   \n "},
            "a stage only purchases give": {"stage_to_id": self.stages["repeat"].id},
            "no change": {"stage_to_id": self.stages["loyal"].id},
            "from a stage the rules own": {
                "date": "2025-02-20",  # repeat then
                "stage_to_id": self.stages["advocate"].id,
            },
        }
        before = self._history_count()
        messages = len(self.customer.message_ids)
        for case, vals in cases.items():
            with self.subTest(case=case), self.assertRaises(UserError):
                self._wizard(**vals).action_confirm()
        self.assertEqual(self._history_count(), before)
        self.customer.invalidate_recordset()
        self.assertEqual(len(self.customer.message_ids), messages)

    def test_customer_since_its_first_purchase_when_older(self):
        imported = self._customer("Imported with its past orders")
        self._buy(imported, self.d("2024-03-01"))
        self.env["crm.lifecycle.history"]._rebuild(imported)  # new on 2024-03-01
        wizard = self._wizard(
            date="2024-03-02",
            stage_to_id=self.stages["churned"].id,
            note="Moved abroad",
        )
        wizard.partner_id = imported
        wizard.action_confirm()
        manual = imported.lifecycle_history_ids.filtered(lambda r: r.reason == "manual")
        self.assertEqual(str(manual.date), "2024-03-02")
        wizard = self._wizard(date="2024-02-28", note="Earlier still")
        wizard.partner_id = imported
        with self.assertRaises(UserError):
            wizard.action_confirm()

    def test_only_managers(self):
        for user in (self.salesman, self.lifecycle_user, self.employee):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self._wizard(user=user)
        wizard = self._wizard()
        with self.assertRaises(AccessError):
            wizard.with_user(self.salesman).action_confirm()

    def test_other_company_customer_refused(self):
        other = self.env["res.company"].create({"name": "Correction Other Co"})
        theirs = self._customer("Their customer", company_id=other.id)
        self._buy(theirs, self.d("2025-06-01"), company=other)
        before = self._history_count()
        wizard = self._wizard(stage_to_id=self.stages["churned"].id)
        wizard.partner_id = theirs
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.assertEqual(self._history_count(), before)

    def test_customer_with_history_is_archived_not_deleted(self):
        partners = self.env["res.partner"].search_count([])
        rows = self.customer.lifecycle_history_ids
        with self.assertRaises(UserError):
            self.customer.unlink()  # even the superuser
        self.assertEqual(self.env["res.partner"].search_count([]), partners)
        self.assertEqual(self.customer.lifecycle_history_ids, rows)
        self.customer.with_user(self.sales_manager).action_archive()
        self.assertFalse(self.customer.active)
        without_history = self._customer("Never bought")
        without_history.unlink()
        self.assertFalse(without_history.exists())

    def test_partner_merge_keeps_the_history(self):
        duplicate = self._customer("Corrected (duplicate)")
        self._buy(duplicate, self.d("2025-05-01"))
        rows = self.customer.lifecycle_history_ids | duplicate.lifecycle_history_ids
        # an administrator, not the superuser: the figures' guard lets the
        # merge copy them (it refreshes them right after)
        admin = self.env.ref("base.user_admin")
        admin.company_ids |= self.company
        wizard = self.env["base.partner.merge.automatic.wizard"].with_user(admin)
        wizard._merge((self.customer | duplicate).ids, self.customer)
        self.assertFalse(duplicate.exists())
        self.assertEqual(rows.exists().partner_id, self.customer)
        self.assertEqual(self.customer.order_count, 5)
