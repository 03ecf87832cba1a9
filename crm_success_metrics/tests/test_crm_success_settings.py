# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, new_test_user, tagged

from .common_operations import CrmSuccessOperationsCase


@tagged("post_install", "-at_install")
class TestScorecardSettings(CrmSuccessOperationsCase):
    def test_defaults_of_a_new_company(self):
        company = self._create_company("Success Settings Defaults Co")
        self.assertEqual(company._success_period_types(), ["month"])
        self.assertEqual(company.success_lock_delay_days, 10)
        self.assertEqual(company.success_complaint_target_hours, 48)

    def test_settings_write_the_company(self):
        self.env.user.company_ids = [Command.link(self.company.id)]
        settings = Form(self.env["res.config.settings"].with_company(self.company))
        settings.success_period_quarter = True
        settings.success_period_year = True
        settings.success_lock_delay_days = 5
        settings.success_subscriber_ids.add(self.manager)
        settings.success_subscriber_emails = "a@example.com, b@example.com"
        settings.success_complaint_target_hours = 24
        settings.save().execute()
        self.assertEqual(
            self.company._success_period_types(), ["month", "quarter", "year"]
        )
        self.assertEqual(self.company.success_lock_delay_days, 5)
        self.assertEqual(self.company.success_subscriber_ids, self.manager)
        self.assertEqual(
            self.company.success_subscriber_emails, "a@example.com, b@example.com"
        )
        self.assertEqual(self.company.success_complaint_target_hours, 24)

    def test_bad_settings(self):
        with self.assertRaises(ValidationError):
            self.company.success_lock_delay_days = -1
        with self.assertRaises(ValidationError):
            self.company.success_subscriber_emails = "a@example.com, not an address"

    def test_locked_scorecard_only_accepts_mailing_bookkeeping(self):
        scorecard = self.env["crm.success.scorecard"].compute_period(
            "2026-02-01", "2026-02-28", company=self.company, period_type="month"
        )
        scorecard.action_lock()
        scorecard.mailed_on = "2026-03-11 03:00:00"
        self.assertEqual(str(scorecard.mailed_on), "2026-03-11 03:00:00")
        with self.assertRaises(UserError):
            scorecard.date_to = "2026-02-27"

    def test_only_managers_lock_scorecards(self):
        scorecard = self.env["crm.success.scorecard"].compute_period(
            "2026-02-01", "2026-02-28", company=self.company, period_type="month"
        )
        reader = new_test_user(
            self.env,
            login="success_ops_reader",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        with self.assertRaises(AccessError):
            scorecard.with_user(reader).action_lock()
        self.assertEqual(scorecard.state, "done")
        scorecard.with_user(self.manager).action_lock()
        self.assertEqual(scorecard.state, "locked")
