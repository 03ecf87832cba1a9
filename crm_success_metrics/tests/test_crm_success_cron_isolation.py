# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The scheduled action isolates each company before any arithmetic on its
settings, and a scorecard busy elsewhere is retried, not skipped for a day."""

from contextlib import contextmanager
from unittest.mock import patch

from freezegun import freeze_time
from psycopg2 import errors

from odoo import SUPERUSER_ID, api
from odoo.exceptions import ValidationError
from odoo.modules.registry import Registry
from odoo.tests import tagged
from odoo.tests.common import get_db_name
from odoo.tools import SQL

from .common_operations import CrmSuccessOperationsCase

CRON_LOGGER = "odoo.addons.crm_success_metrics.models.crm_success_scorecard"


@tagged("post_install", "-at_install")
class TestCronIsolation(CrmSuccessOperationsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.cron = cls.env.ref("crm_success_metrics.ir_cron_compute_scorecards")
        cls.other = cls._create_company("Success Ops Sound Co")
        cls._create_objective(cls.other, "Sound orders")

    def _scorecards(self, company):
        return self.env["crm.success.scorecard"].search(
            [("company_id", "=", company.id)], order="date_from"
        )

    def test_broken_setting_skips_only_its_company(self):
        # 1,000,000 days: refused by the constraint, so written by SQL.
        self.env.cr.execute(
            SQL(
                "UPDATE res_company SET success_lock_delay_days = 1000000 "
                "WHERE id = %s",
                self.company.id,
            )
        )
        self.company.invalidate_recordset()
        with (
            freeze_time("2026-03-15 03:00:00"),
            self.assertLogs(CRON_LOGGER, "WARNING") as logs,
        ):
            self.cron.method_direct_trigger()
        self.assertEqual(len(logs.records), 1)
        self.assertEqual(logs.records[0].levelname, "WARNING")
        self.assertIn("Success Ops Co", logs.output[0])
        self.assertIn("Scorecard Lock Delay", logs.output[0])
        self.assertFalse(self._scorecards(self.company))
        self.assertEqual(
            self._scorecards(self.other).mapped("state"), ["locked", "done"]
        )

    def test_busy_scorecard_is_retried_soon(self):
        company_class = type(self.env["res.company"])
        update = company_class._success_update_scorecards
        busy = self.company

        def update_or_busy(company, period_type, today):
            if company == busy:
                # what PostgreSQL raises when a user recomputes it at the same time
                raise errors.SerializationFailure("could not serialize access")
            update(company, period_type, today)

        Trigger = self.env["ir.cron.trigger"]
        triggers = Trigger.search([("cron_id", "=", self.cron.id)])
        with (
            patch.object(company_class, "_success_update_scorecards", update_or_busy),
            freeze_time("2026-03-15 03:00:00"),
            self.assertNoLogs(CRON_LOGGER, "ERROR"),
        ):
            self.cron.method_direct_trigger()
        retry = Trigger.search([("cron_id", "=", self.cron.id)]) - triggers
        self.assertEqual(len(retry), 1)
        self.assertEqual(str(retry.call_at), "2026-03-15 03:01:00")
        self.assertEqual(
            self._scorecards(self.other).mapped("state"), ["locked", "done"]
        )
        # the retry, once the user's transaction is over, does the work
        with freeze_time("2026-03-15 03:01:00"):
            self.cron.method_direct_trigger()
        self.assertEqual(
            self._scorecards(self.company).mapped("state"), ["locked", "done"]
        )


@tagged("post_install", "-at_install")
class TestScorecardDuplicates(CrmSuccessOperationsCase):
    def test_duplicate_period_is_a_clean_error(self):
        Scorecard = self.env["crm.success.scorecard"].with_user(self.manager)
        vals = {
            "company_id": self.company.id,
            "date_from": "2026-02-01",
            "date_to": "2026-02-28",
        }
        first = Scorecard.create(vals)
        other = Scorecard.create(dict(vals, date_to="2026-02-27"))
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            with self.assertRaises(ValidationError):
                Scorecard.create(vals)
            with self.assertRaises(ValidationError):
                other.date_to = "2026-02-28"
        self.assertEqual(Scorecard.search([]), first | other)


@tagged("post_install", "-at_install")
class TestRecomputeLock(CrmSuccessOperationsCase):
    """Two real transactions on one scorecard, committed before the test starts
    (the test's own transaction would not see it)."""

    @classmethod
    def setUpClass(cls):
        with separate_env() as env:
            cls.scorecard_id = (
                env["crm.success.scorecard"]
                .create(
                    {
                        "company_id": env.ref("base.main_company").id,
                        "date_from": "1990-01-01",
                        "date_to": "1990-01-31",
                    }
                )
                .id
            )
            env.cr.commit()
        cls.addClassCleanup(cls._delete_scorecard)
        super().setUpClass()

    @classmethod
    def _delete_scorecard(cls):
        with separate_env() as env:
            env.cr.execute(
                SQL("DELETE FROM crm_success_scorecard WHERE id = %s", cls.scorecard_id)
            )
            env.cr.commit()

    def test_recompute_holds_the_scorecard_until_its_transaction_ends(self):
        with separate_env() as user_env, separate_env() as other_env:
            user_env["crm.success.scorecard"].browse(self.scorecard_id).action_compute()
            other_env.cr.execute("SET LOCAL lock_timeout = '200ms'")
            # Even the weakest lock, the one an insert of a line takes, must wait:
            # a second recompute waits for the first instead of mixing with it.
            with self.assertRaises(errors.LockNotAvailable):
                other_env.cr.execute(
                    SQL(
                        "SELECT id FROM crm_success_scorecard WHERE id = %s "
                        "FOR KEY SHARE",
                        self.scorecard_id,
                    ),
                    log_exceptions=False,
                )


@contextmanager
def separate_env():
    """A superuser environment on a cursor of its own (a real transaction, not
    the test's), rolled back and closed at the end."""
    cr = Registry(get_db_name()).cursor()
    try:
        yield api.Environment(cr, SUPERUSER_ID, {})
    finally:
        cr.rollback()
        cr.close()
