# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue #12.9: churned customers get no "next purchase due" reminder but a
win-back one (a company setting), and their open reorder reminders are
withdrawn when they churn."""

from datetime import date

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import LifecycleCommon

TODAY = "2035-06-10"


@tagged("post_install", "-at_install")
@freeze_time(TODAY)
class TestLifecycleWinbackReminders(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.reorder = cls.env.ref("crm_lifecycle.mail_activity_type_reorder_followup")
        cls.winback = cls.env.ref("crm_lifecycle.mail_activity_type_winback")
        # one customer per stage, each 40 days past its next expected
        # purchase (the churned one too: the rules left its date behind)
        cls.by_stage = {}
        for code, stage in cls.stages.items():
            partner = cls._customer(
                f"{code} customer", company_id=cls.company.id, user_id=cls.salesman.id
            )
            # written by the lifecycle recompute in real life
            partner.write(
                {
                    "lifecycle_stage_id": stage.id,
                    "lifecycle_stage_date": date(2035, 6, 8),
                    "next_expected_order_date": date(2035, 5, 1),
                }
            )
            cls.by_stage[code] = partner
        cls.churned = cls.by_stage["churned"]

    def _reminders(self, partners=None):
        """{(stage code, activity type, deadline)} of the open activities on
        the test customers."""
        partners = partners or self.env["res.partner"].concat(*self.by_stage.values())
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", partners.ids)]
        )
        return {
            (
                self.env["res.partner"].browse(a.res_id).lifecycle_stage_code,
                a.activity_type_id,
                a.date_deadline,
            )
            for a in activities
        }

    def _run(self):
        return self.env["crm.lifecycle.portfolio"]._create_reminders()

    def test_reminders_by_stage(self):
        self._run()
        # every stage but churned gets the reorder reminder of 1 May; the
        # churned customer (churned on 8 June, delay 0) gets the win-back
        expected = {
            (code, self.reorder, date(2035, 5, 1))
            for code in self.stages
            if code != "churned"
        } | {("churned", self.winback, date(2035, 6, 8))}
        self.assertEqual(self._reminders(), expected)

    def test_delay_and_activity_type(self):
        call = self.env["mail.activity.type"].create(
            {"name": "Courtesy call", "res_model": "res.partner", "keep_done": True}
        )
        self.company.write(
            {
                "lifecycle_winback_delay_days": 14,
                "lifecycle_winback_activity_type_id": call.id,
            }
        )
        self._run()
        # 8 June + 14 days = 22 June: 12 days away, more than 7: not yet
        self.assertEqual(self._reminders(self.churned), set())
        with freeze_time("2035-06-15"):
            self._run()
        self.assertEqual(
            self._reminders(self.churned), {("churned", call, date(2035, 6, 22))}
        )
        with self.assertRaises(ValidationError):
            self.company.lifecycle_winback_delay_days = -1

    def test_setting_off(self):
        self.company.lifecycle_winback_reminder = False
        self._run()
        self.assertEqual(self._reminders(self.churned), set())
        # the other stages keep their reorder reminders
        self.assertEqual(len(self._reminders()), len(self.stages) - 1)

    def test_long_churned_customer_not_raised(self):
        # churned 8 days before the win-back day: too old a loss to raise
        self.churned.write({"lifecycle_stage_date": date(2035, 6, 2)})
        self._run()
        self.assertEqual(self._reminders(self.churned), set())

    def test_salesman_works_the_winback_once(self):
        self._run()
        mine = (
            self.env["mail.activity"]
            .with_user(self.salesman)
            .search(
                [("user_id", "=", self.salesman.id), ("res_id", "=", self.churned.id)]
            )
        )
        self.assertEqual(mine.activity_type_id, self.winback)
        mine.action_feedback(feedback="Called: new catalogue sent")
        self._run()
        # done (kept by the type): not raised again for the same churn
        self.assertEqual(self._reminders(self.churned), set())
        # the salesman may not turn the reminder off
        with self.assertRaises(AccessError):
            self.env["res.config.settings"].with_user(self.salesman).create(
                {"lifecycle_winback_reminder": False}
            ).execute()
        self.assertTrue(self.company.lifecycle_winback_reminder)

    def test_open_reorder_reminders_withdrawn_on_churn(self):
        customer = self._customer(
            "Lapsing customer", company_id=self.company.id, user_id=self.salesman.id
        )
        # 366 days after 5 June 2034 it churns: on 6 June 2035
        self._buy(customer, date(2034, 6, 5))
        recompute = self.env["crm.lifecycle.recompute"]
        recompute._run(customer.ids, as_of=date(2035, 6, 1))
        self.assertStage(customer, "at_risk")
        done, still_open = (
            customer.activity_schedule(
                activity_type_id=self.reorder.id,
                date_deadline=deadline,
                user_id=self.salesman.id,
            )
            for deadline in (date(2035, 3, 1), date(2035, 6, 1))
        )
        done.action_done()
        recompute._run(customer.ids)
        self.assertStage(customer, "churned")
        self.assertFalse(still_open.exists(), "withdrawn: no follow-up was made")
        self.assertTrue(done.exists(), "the follow-up made stays as evidence")
        self._run()
        self.assertEqual(
            self._reminders(customer), {("churned", self.winback, date(2035, 6, 6))}
        )
