# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestLifecycleHistory(LifecycleCommon):
    def test_rebuild_replays_every_transition(self):
        customer = self._customer("Replayed")
        first = self._buy(customer, self.d("2025-01-10"))
        second = self._buy(customer, self.d("2025-02-10"))
        # entered today, both orders already lay > 90 days back: one row
        self.assertEqual(len(customer.lifecycle_history_ids), 1)
        self.env["crm.lifecycle.history"]._rebuild(customer)
        rows = customer.lifecycle_history_ids.sorted("date")
        # new on the 1st purchase, repeat on the 2nd; avg 31 days so the
        # threshold is 90: at risk on 2025-02-10 + 91 days = 2025-05-12
        self.assertEqual(
            [(str(r.date), r.stage_from_id.code, r.stage_to_id.code) for r in rows],
            [
                ("2025-01-10", False, "new"),
                ("2025-02-10", "new", "repeat"),
                ("2025-05-12", "repeat", "at_risk"),
            ],
        )
        self.assertEqual(set(rows.mapped("reason")), {"rebuild"})
        self.assertEqual(rows[0].order_id, first)
        self.assertEqual(rows[1].order_id, second)
        self.assertFalse(rows[2].order_id)
        self.assertStage(customer, "at_risk")
        self.assertEqual(str(customer.lifecycle_stage_date), "2025-05-12")

    def test_rebuild_of_one_partner_leaves_the_others(self):
        replayed = self._customer("Replayed")
        other = self._customer("Other")
        self._buy(replayed, self.d("2025-06-01"))
        self._buy(other, self.d("2025-06-01"))
        self.env["crm.lifecycle.history"]._rebuild(replayed)
        self.assertEqual(replayed.lifecycle_history_ids.reason, "rebuild")
        self.assertEqual(other.lifecycle_history_ids.reason, "order")

    def test_history_is_append_only(self):
        customer = self._customer("Logged")
        self._buy(customer, self.d("2025-06-01"))
        row = customer.with_user(self.salesman).lifecycle_history_ids
        self.assertEqual(row.stage_to_id.code, "new")  # salesmen read it
        sales_manager = new_test_user(
            self.env,
            login="lifecycle_sales_manager",
            groups="sales_team.group_sale_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        for user in (self.salesman, sales_manager):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                row.with_user(user).write({"reason": "manual"})
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                row.with_user(user).unlink()
        # the system administrator may correct it
        admin = new_test_user(
            self.env,
            login="lifecycle_admin",
            groups="base.group_system,sales_team.group_sale_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        row.with_user(admin).write({"reason": "manual"})
        self.assertEqual(row.reason, "manual")

    def test_cron_moves_customers_as_time_passes(self):
        customer = self._customer("Aging")
        with freeze_time("2025-05-01 12:00:00"):
            self._buy(customer, self.d("2025-05-01"))
        self.assertStage(customer, "new")
        with freeze_time("2025-08-01 12:00:00"):
            self.env.ref(
                "crm_lifecycle.ir_cron_lifecycle_daily"
            ).method_direct_trigger()
        self.assertStage(customer, "at_risk")
        row = customer.lifecycle_history_ids.sorted("id")[-1]
        # 2025-05-01 + 91 days = 2025-07-31, the day the gap exceeded 90
        self.assertEqual((str(row.date), row.reason), ("2025-07-31", "inactivity"))

    def test_analysis_report(self):
        web = self.env.ref("crm_lifecycle.crm_acquisition_channel_web_search")
        ads = self.env.ref("crm_lifecycle.crm_acquisition_channel_advertising")
        first = self._customer("Web 1", acquisition_channel_id=web.id)
        second = self._customer("Web 2", acquisition_channel_id=web.id)
        third = self._customer("Ads 1", acquisition_channel_id=ads.id)
        self._buy(first, self.d("2025-06-01"))
        self._buy(second, self.d("2025-06-10"))
        self._buy(second, self.d("2025-06-20"))  # second: new, then repeat
        self._buy(third, self.d("2025-06-15"))
        report = self.env["crm.lifecycle.report"].with_user(self.salesman)
        scope = [("partner_id", "in", (first | second | third).ids)]
        new_per_channel = dict(
            report._read_group(
                [*scope, ("is_new_customer", "=", True)],
                ["acquisition_channel_id"],
                ["__count"],
            )
        )
        self.assertEqual(new_per_channel, {web: 2, ads: 1})
        per_stage = {
            stage.code: count
            for stage, count in report._read_group(
                [*scope, ("is_latest", "=", True)], ["stage_to_id"], ["__count"]
            )
        }
        self.assertEqual(per_stage, {"new": 2, "repeat": 1})  # first, third / second
        transitions = report._read_group(scope, ["date:month"], ["__count"])
        # 4 transitions, all in June 2025
        self.assertEqual([count for _month, count in transitions], [4])
