# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import base64
import io
from datetime import date
from unittest.mock import patch

import openpyxl
from freezegun import freeze_time

from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import tagged

from .common_operations import CrmSuccessOperationsCase

CRON_LOGGER = "odoo.addons.crm_success_metrics.models.crm_success_scorecard"


@tagged("post_install", "-at_install")
class TestScorecardCron(CrmSuccessOperationsCase):
    """The daily action computes, locks after the delay and mails once."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.write(
            {
                "success_subscriber_ids": [Command.link(cls.manager.id)],
                "success_subscriber_emails": "board@success-ops.example.com",
            }
        )
        cls.cron = cls.env.ref("crm_success_metrics.ir_cron_compute_scorecards")
        cls._confirmed_order(cls.company, "2026-02-03 10:00:00")
        cls._confirmed_order(cls.company, "2026-02-20 10:00:00")

    def _scorecards(self, company=None):
        return self.env["crm.success.scorecard"].search(
            [("company_id", "=", (company or self.company).id)], order="date_from"
        )

    def _mails(self, scorecards):
        return self.env["mail.mail"].search(
            [("model", "=", "crm.success.scorecard"), ("res_id", "in", scorecards.ids)]
        )

    def test_cron_twice_creates_nothing_twice(self):
        with freeze_time("2026-03-15 03:00:00"):
            self.cron.method_direct_trigger()
            february, march = self._scorecards()
            computed_on = march.computed_on
            self.cron.method_direct_trigger()
        scorecards = self._scorecards()
        # The last closed period (February: 28 Feb + 10 days < 15 March, so locked)
        # and the current one (March, computed but open); nothing else.
        self.assertEqual(
            [(s.period_type, s.date_from, s.date_to, s.state) for s in scorecards],
            [
                ("month", date(2026, 2, 1), date(2026, 2, 28), "locked"),
                ("month", date(2026, 3, 1), date(2026, 3, 31), "done"),
            ],
        )
        self.assertEqual(scorecards, february | march)
        # The two February orders.
        self.assertEqual(february.line_ids.value, 2.0)
        # The current period is recomputed once a day, not on the second run.
        self.assertEqual(march.computed_on, computed_on)
        self.assertEqual(len(self._mails(scorecards)), 1)
        self.assertEqual(self._mails(february).res_id, february.id)
        self.assertTrue(february.mailed_on)

    def test_periods_start_at_midnight_in_the_company_time_zone(self):
        """At 23:30 UTC on 31 March it is already 1 April in Brussels (UTC+2):
        April is the current period and March the last closed one. The same
        instant is still March at UTC (the February/March test above)."""
        self.company.lifecycle_tz = "Europe/Brussels"
        with freeze_time("2026-03-31 23:30:00"):
            self.cron.method_direct_trigger()
        self.assertEqual(
            [(s.date_from, s.date_to, s.state) for s in self._scorecards()],
            [
                (date(2026, 3, 1), date(2026, 3, 31), "done"),
                (date(2026, 4, 1), date(2026, 4, 30), "done"),
            ],
        )

    def test_next_day_recomputes_current_period(self):
        with freeze_time("2026-03-15 03:00:00"):
            self.cron.method_direct_trigger()
        self._confirmed_order(self.company, "2026-03-15 12:00:00")
        with freeze_time("2026-03-16 03:00:00"):
            self.cron.method_direct_trigger()
        march = self._scorecards()[-1]
        # The order of 15 March is counted by the run of 16 March.
        self.assertEqual(march.line_ids.value, 1.0)
        self.assertEqual(len(self._scorecards()), 2)
        self.assertEqual(len(self._mails(self._scorecards())), 1)

    def test_lock_delay(self):
        self.company.success_lock_delay_days = 10
        with freeze_time("2026-03-10 03:00:00"):
            self.cron.method_direct_trigger()
            february = self._scorecards()[0]
            computed_on = february.computed_on
        # 10 March: February closed 9 days ago (1..9 March), within the delay.
        self.assertEqual(february.state, "done")
        self.assertFalse(self._mails(february))
        with freeze_time("2026-03-11 03:00:00"):
            self.cron.method_direct_trigger()
        # 11 March: ten full days after the period (1..10 March): locked and mailed,
        # without recomputing (it was already computed after its end).
        self.assertEqual(february.state, "locked")
        self.assertEqual(february.computed_on, computed_on)
        self.assertEqual(len(self._mails(february)), 1)

    def test_zero_delay_locks_the_day_after(self):
        self.company.success_lock_delay_days = 0
        with freeze_time("2026-03-01 03:00:00"):
            self.cron.method_direct_trigger()
        february, march = self._scorecards()
        self.assertEqual((february.state, march.state), ("locked", "done"))

    def test_mail_recipients_and_attachment(self):
        with freeze_time("2026-03-15 03:00:00"):
            self.cron.method_direct_trigger()
        february = self._scorecards()[0]
        mail = self._mails(february)
        self.assertEqual(mail.recipient_ids, self.manager.partner_id)
        self.assertEqual(mail.email_to, "board@success-ops.example.com")
        self.assertIn("Success Ops Co", mail.subject)
        self.assertIn("More orders", mail.body_html)
        self.assertEqual(
            mail.attachment_ids.mapped("name"),
            ["Scorecard Success Ops Co 2026-02-01.xlsx"],
        )
        workbook = openpyxl.load_workbook(
            io.BytesIO(base64.b64decode(mail.attachment_ids.datas))
        )
        # First line row: the objective and its value (the two February orders).
        self.assertEqual(workbook["Scorecard"]["A5"].value, "More orders")
        self.assertEqual(workbook["Scorecard"]["D5"].value, 2)

    def test_no_subscriber_no_mail(self):
        self.company.write(
            {"success_subscriber_ids": False, "success_subscriber_emails": False}
        )
        with freeze_time("2026-03-15 03:00:00"):
            self.cron.method_direct_trigger()
        february = self._scorecards()[0]
        self.assertEqual(february.state, "locked")
        self.assertFalse(self._mails(february))
        self.assertFalse(february.mailed_on)

    def test_only_latest_locked_scorecard_is_mailed(self):
        # Subscribing late must not send the whole history: January and February
        # are both locked, only February is mailed.
        with freeze_time("2026-02-15 03:00:00"):
            self.cron.method_direct_trigger()
        with freeze_time("2026-03-15 03:00:00"):
            self.cron.method_direct_trigger()
        january, february, _march = self._scorecards()
        self.assertEqual((january.state, february.state), ("locked", "locked"))
        # January was mailed on 15 February, February on 15 March: one each.
        self.assertEqual(len(self._mails(january)), 1)
        self.assertEqual(len(self._mails(february)), 1)

    def test_periodicities(self):
        self.company.write(
            {"success_period_month": False, "success_period_quarter": True}
        )
        with freeze_time("2026-05-15 03:00:00"):
            self.cron.method_direct_trigger()
        # Q1 (closed 1 April, 10 days passed: locked) and Q2 (current).
        self.assertEqual(
            [
                (s.period_type, s.date_from, s.date_to, s.state)
                for s in self._scorecards()
            ],
            [
                ("quarter", date(2026, 1, 1), date(2026, 3, 31), "locked"),
                ("quarter", date(2026, 4, 1), date(2026, 6, 30), "done"),
            ],
        )
        # The quarter holds the two February orders.
        self.assertEqual(self._scorecards()[0].line_ids.value, 2.0)

    def test_company_without_objectives_is_skipped(self):
        self.objective.active = False
        with freeze_time("2026-03-15 03:00:00"):
            self.cron.method_direct_trigger()
        self.assertFalse(self._scorecards())

    def test_failing_company_does_not_stop_the_others(self):
        other = self._create_company("Success Ops Other Co")
        self._create_objective(other, "Other orders")
        company_class = type(self.env["res.company"])
        update = company_class._success_update_scorecards
        failing = self.company

        def update_or_fail(company, period_type, today):
            update(company, period_type, today)  # partial work, to be rolled back
            if company == failing:
                raise UserError(company.env._("Mail server unreachable"))

        with (
            patch.object(company_class, "_success_update_scorecards", update_or_fail),
            freeze_time("2026-03-15 03:00:00"),
            self.assertLogs(CRON_LOGGER, "ERROR") as logs,
        ):
            self.cron.method_direct_trigger()
        self.assertIn("Scorecards of Success Ops Co (month) failed", logs.output[0])
        # The failing company's work is rolled back entirely; the other is done.
        self.assertFalse(self._scorecards())
        self.assertEqual(self._scorecards(other).mapped("state"), ["locked", "done"])
        # Next day, once the failure is gone, the failing company catches up.
        with freeze_time("2026-03-16 03:00:00"):
            self.cron.method_direct_trigger()
        self.assertEqual(self._scorecards().mapped("state"), ["locked", "done"])

    def test_batches_report_progress(self):
        other = self._create_company("Success Ops Batch Co")
        self._create_objective(other, "Batch orders")
        Scorecard = self.env["crm.success.scorecard"]
        with freeze_time("2026-03-15 03:00:00"):
            today = date(2026, 3, 15)
            pending = Scorecard._cron_scorecard_work(today)
            self.assertIn((self.company, "month"), pending)
            self.assertIn((other, "month"), pending)
            calls = 0
            while True:
                _cron, progress = self.cron._add_progress()
                Scorecard.with_context(
                    ir_cron_progress_id=progress.id
                )._cron_compute_scorecards(batch_size=1)
                calls += 1
                # One (company, periodicity) per call; the rest is left for the
                # next call of the scheduler.
                self.assertEqual(progress.done, 1)
                self.assertEqual(progress.remaining, len(pending) - calls)
                if not progress.remaining:
                    break
            self.assertFalse(Scorecard._cron_scorecard_work(today))
        self.assertEqual(self._scorecards(other).mapped("state"), ["locked", "done"])

    def test_failure_does_not_use_up_the_batch(self):
        other = self._create_company("Success Ops Next Co")
        self._create_objective(other, "Next orders")
        # Only our two companies have work (demo objectives archived).
        self.env["crm.success.objective"].search(
            [("company_id", "not in", (self.company | other).ids)]
        ).active = False
        company_class = type(self.env["res.company"])
        update = company_class._success_update_scorecards
        failing = self.company

        def update_or_fail(company, period_type, today):
            if company == failing:
                raise UserError(company.env._("Mail server unreachable"))
            update(company, period_type, today)

        _cron, progress = self.cron._add_progress()
        with (
            patch.object(company_class, "_success_update_scorecards", update_or_fail),
            freeze_time("2026-03-15 03:00:00"),
            self.assertLogs(CRON_LOGGER, "ERROR"),
        ):
            self.env["crm.success.scorecard"].with_context(
                ir_cron_progress_id=progress.id
            )._cron_compute_scorecards(batch_size=1)
        # The failing company (first by id) is tried, then the next one is done
        # within the same call; nothing is left for another call today.
        self.assertEqual((progress.done, progress.remaining), (1, 0))
        self.assertEqual(self._scorecards(other).mapped("state"), ["locked", "done"])
        self.assertFalse(self._scorecards())
