# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import TransactionCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestLifecycleReminders(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Reminder Co"})
        cls.salesman = new_test_user(
            cls.env,
            login="reminder_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        partners = cls.env["res.partner"]
        base = {"is_company": True, "user_id": cls.salesman.id}
        cls.due_in_7 = partners.create({"name": "Due in 7", **base})
        cls.due_in_8 = partners.create({"name": "Due in 8", **base})
        cls.overdue = partners.create({"name": "Overdue", **base})
        cls.orphan = partners.create({"name": "No salesperson", "is_company": True})
        cls.contact = partners.create(
            {
                "name": "Birthday contact",
                "parent_id": cls.due_in_7.id,
                "birthday": date(1980, 6, 15),
            }
        )
        cls.later_birthday = partners.create(
            {"name": "Later birthday", "birthday": date(1990, 6, 30), **base}
        )
        cls.reorder = cls.env.ref("crm_lifecycle.mail_activity_type_reorder_followup")
        cls.birthday = cls.env.ref("crm_lifecycle.mail_activity_type_birthday")
        # written by the lifecycle recompute in real life
        cls.due_in_7.next_expected_order_date = date(2035, 6, 17)
        cls.due_in_8.next_expected_order_date = date(2035, 6, 18)
        cls.overdue.next_expected_order_date = date(2035, 5, 1)
        cls.orphan.next_expected_order_date = date(2035, 5, 1)
        cls.mine = (
            cls.due_in_7
            | cls.due_in_8
            | cls.overdue
            | cls.orphan
            | cls.contact
            | cls.later_birthday
        )

    def _activities(self):
        activities = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "in", self.mine.ids)]
        )
        return {
            (
                self.env["res.partner"].browse(a.res_id),
                a.activity_type_id,
                a.date_deadline,
            )
            for a in activities
        }

    @freeze_time("2035-06-10")
    def test_reminders_without_duplicates(self):
        self.env["crm.lifecycle.portfolio"]._create_reminders()
        # reorder: 17 June is 7 days ahead, 1 May passed; 18 June (8 days)
        # too far, the orphan has no salesperson. Birthday: 15 June is 5
        # days ahead, 30 June 20 days.
        expected = {
            (self.due_in_7, self.reorder, date(2035, 6, 17)),
            (self.overdue, self.reorder, date(2035, 5, 1)),
            (self.contact, self.birthday, date(2035, 6, 15)),
        }
        self.assertEqual(self._activities(), expected)
        activity = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.contact.id)]
        )
        self.assertEqual(activity.user_id, self.salesman, "the company's salesperson")

        self.env["crm.lifecycle.portfolio"]._create_reminders()
        self.assertEqual(self._activities(), expected, "second run: no duplicate")

        # done reminders are kept: the same due date is not raised again
        done = self.env["mail.activity"].search(
            [("res_model", "=", "res.partner"), ("res_id", "=", self.due_in_7.id)]
        )
        done.action_done()
        self.env["crm.lifecycle.portfolio"]._create_reminders()
        self.assertEqual(
            self._activities(),
            expected - {(self.due_in_7, self.reorder, date(2035, 6, 17))},
        )
        # a new expected date is a new reminder
        self.due_in_7.next_expected_order_date = date(2035, 6, 12)
        self.env["crm.lifecycle.portfolio"]._create_reminders()
        self.assertIn(
            (self.due_in_7, self.reorder, date(2035, 6, 12)), self._activities()
        )

    @freeze_time("2035-06-10")
    def test_daily_cron_refreshes_and_reminds_once(self):
        cron = self.env.ref("crm_lifecycle.ir_cron_lifecycle_daily")
        cron.method_direct_trigger()
        cron.method_direct_trigger()
        birthdays = self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", self.mine.ids),
                ("activity_type_id", "=", self.birthday.id),
            ]
        )
        # 15 June is 5 days ahead; 30 June is 20 days ahead
        self.assertEqual(birthdays.res_id, self.contact.id)
        self.assertEqual(birthdays.date_deadline, date(2035, 6, 15))
        # the portfolio was refreshed: no email, phone, address, channel;
        # no duplicate -> 1 of 5 checks passed
        self.assertEqual(self.orphan.data_quality_score, 20)
