# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Finding 5 (lifecycle part): the lifecycle settings are bounded, and a
company whose settings are broken anyway (written in SQL) is skipped by the
runs while every other company is computed."""

from freezegun import freeze_time

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from ..engine.bounds import MAX_WINDOW_DAYS
from .common import LifecycleCommon

NAN, INF = float("nan"), float("inf")
BAD_VALUES = {
    "lifecycle_churn_days": [0, -1, MAX_WINDOW_DAYS + 1, 3000000],
    "lifecycle_at_risk_min_days": [0, MAX_WINDOW_DAYS + 1],
    "lifecycle_at_risk_factor": [0.0, -1.5, NAN, INF, -INF, 1e308],
    "lifecycle_loyal_min_orders": [0, 2**31 - 1],
    "lifecycle_loyal_window_days": [0, MAX_WINDOW_DAYS + 1, 3000000],
}
LOG = "odoo.addons.crm_lifecycle.models.res_company"


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestLifecycleSettings(LifecycleCommon):
    def test_out_of_bounds_refused_naming_the_setting(self):
        before = {name: self.company[name] for name in BAD_VALUES}
        for name, values in BAD_VALUES.items():
            label = self.company._fields[name].string
            for value in values:
                with (
                    self.subTest(setting=name, value=value),
                    self.assertRaises(ValidationError) as caught,
                ):
                    self.company.write({name: value})
                self.assertIn(label, str(caught.exception))
        self.company.invalidate_recordset()
        self.assertEqual({name: self.company[name] for name in BAD_VALUES}, before)
        self.company.write(
            {
                "lifecycle_loyal_window_days": MAX_WINDOW_DAYS,
                "lifecycle_at_risk_factor": 2,
            }
        )

    def test_settings_through_the_settings_screen(self):
        with self.assertRaises(ValidationError):
            self.env["res.config.settings"].create(
                {"lifecycle_loyal_window_days": 3000000}
            ).execute()
        self.assertEqual(self.company.lifecycle_loyal_window_days, 365)

    def _broken_company(self):
        """A company with a customer and a loyalty window of 3,000,000 days
        written in SQL (past the constraint), as in the finding."""
        broken = self.env["res.company"].create({"name": "Lifecycle Broken Co"})
        theirs = self._customer("Customer of the broken company", company_id=broken.id)
        self._buy(theirs, self.d("2025-06-01"), company=broken)
        self.env.cr.execute(
            "UPDATE res_company SET lifecycle_loyal_window_days = 3000000 "
            "WHERE id = %s",
            [broken.id],
        )
        broken.invalidate_recordset()
        return broken, theirs

    def test_broken_company_skipped_by_the_recompute(self):
        broken, theirs = self._broken_company()
        ours = self._customer("Our customer")
        self._buy(ours, self.d("2025-06-01"))
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_stage_id = NULL, order_count = 0 "
            "WHERE id IN %s",
            [(ours.id, theirs.id)],
        )
        (ours | theirs).invalidate_recordset()
        with self.assertLogs(LOG, "WARNING") as logs:
            self.env["res.partner"]._lifecycle_recompute_all()
        self.assertIn("Lifecycle Broken Co", logs.output[0])
        self.assertIn("lifecycle_loyal_window_days=3000000", logs.output[0])
        self.assertStage(ours, "new")
        self.assertEqual(ours.order_count, 1)
        self.assertStage(theirs, None)  # left as it was
        self.assertEqual(theirs.order_count, 0)

    def test_broken_company_skipped_by_the_rebuild(self):
        broken, theirs = self._broken_company()
        ours = self._customer("Our customer")
        self._buy(ours, self.d("2025-06-01"))
        their_rows = theirs.lifecycle_history_ids
        self.assertTrue(their_rows)
        with self.assertLogs(LOG, "WARNING"):
            self.env["crm.lifecycle.history"]._rebuild()
        self.assertEqual(ours.lifecycle_history_ids.reason, "rebuild")
        # kept as they were, not deleted without a replay
        self.assertEqual(theirs.lifecycle_history_ids, their_rows)
        self.assertEqual(their_rows.reason, "order")

    def test_broken_company_skipped_by_the_daily_cron(self):
        broken, theirs = self._broken_company()
        # their figures from before the settings broke
        self.env.cr.execute(
            "UPDATE res_partner SET rfm_segment = 'new', late_invoice_count = 1 "
            "WHERE id = %s",
            [theirs.id],
        )
        ours = self._customer("Our customer")
        self._buy(ours, self.d("2025-06-01"))
        with self.assertLogs(LOG, "WARNING"):
            self.env.ref(
                "crm_lifecycle.ir_cron_lifecycle_daily"
            ).method_direct_trigger()
        self.assertStage(ours, "new")
        self.assertTrue(ours.rfm_segment)  # the portfolio refresh ran too
        # the skipped company's customers keep their figures
        theirs.invalidate_recordset()
        self.assertEqual((theirs.rfm_segment, theirs.late_invoice_count), ("new", 1))
