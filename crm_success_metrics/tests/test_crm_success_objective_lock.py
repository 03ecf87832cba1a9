# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Locked means locked: no context key, RPC field or deletion gets round the
baseline lock; only the unlock wizard, with a real reason, opens it again."""

from odoo.exceptions import UserError, ValidationError
from odoo.tests import tagged, users

from .common import MARCH, CrmSuccessCase

# What an RPC caller may put in the context to slip past the lock quietly.
BYPASS_CONTEXT = {"crm_success_baseline_unlock": True, "tracking_disable": True}


@tagged("post_install", "-at_install")
class TestObjectiveLock(CrmSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.objective = cls.env["crm.success.objective"].create(
            {
                "name": "Revenue",
                "kpi_id": cls.kpi("sales_revenue").id,
                "company_id": cls.company.id,
                "go_live_date": "2025-03-01",
                "baseline_value": 230.0,
                "target_value": 1000.0,
                "target_date": "2025-12-31",
            }
        )
        cls.objective.with_user(cls.manager).action_lock_baseline()

    def _snapshot(self, objective):
        """The locked baseline and who locked it, when."""
        return objective.read(
            sorted(objective._BASELINE_FIELDS.union(objective._system_fields))
        )

    @users("success_manager")
    def test_no_context_key_bypasses_the_lock(self):
        objective = self.objective.with_user(self.env.user).with_context(
            **BYPASS_CONTEXT
        )
        before = self._snapshot(objective)
        messages = len(objective.message_ids)
        for vals in (
            {"baseline_value": 1.0},
            {"baseline_numerator": 1.0},
            {"baseline_denominator": 1.0},
            {"kpi_id": self.kpi("orders_count").id},
            {"baseline_date_from": "2024-06-01"},
            {"baseline_date_to": "2025-01-31"},
            {"go_live_date": "2025-02-01"},
            {"baseline_state": "draft"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                objective.write(vals)
        objective.invalidate_recordset()
        self.assertEqual(self._snapshot(objective), before)
        self.assertEqual(len(objective.message_ids), messages)

    @users("success_manager")
    def test_who_and_when_are_written_by_the_system_only(self):
        Objective = self.env["crm.success.objective"]
        objective = self.objective.with_user(self.env.user)
        portal = self.env.ref("base.demo_user0", raise_if_not_found=False) or self.user
        before = self._snapshot(objective)
        for vals in (
            {"baseline_locked_by_id": portal.id},
            {"baseline_locked_on": "2020-01-01 00:00:00"},
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                objective.write(vals)
        objective.invalidate_recordset()
        self.assertEqual(self._snapshot(objective), before)
        # Nor can an objective be created already locked, by somebody else.
        count = Objective.search_count([])
        with self.assertRaises(UserError):
            Objective.create(
                {
                    "name": "Pre-locked",
                    "kpi_id": self.kpi("orders_count").id,
                    "go_live_date": "2025-03-01",
                    "baseline_value": 1.0,
                    "target_value": 2.0,
                    "target_date": "2025-12-31",
                    "baseline_state": "locked",
                    "baseline_locked_by_id": portal.id,
                }
            )
        self.assertEqual(Objective.search_count([]), count)

    @users("success_manager")
    def test_unlock_needs_a_real_reason(self):
        Wizard = self.env["crm.success.baseline.unlock.wizard"]
        for reason in ("", "   ", " \n\t "):
            with self.subTest(reason=reason), self.assertRaises(ValidationError):
                Wizard.create({"objective_id": self.objective.id, "reason": reason})
        self.assertFalse(Wizard.search([]))
        self.assertEqual(self.objective.baseline_state, "locked")

    @users("success_manager")
    def test_locked_objective_cannot_be_deleted_but_archived(self):
        objective = self.objective.with_user(self.env.user)
        with self.assertRaises(UserError):
            objective.unlink()
        self.assertTrue(objective.exists())
        objective.action_archive()
        self.assertFalse(objective.active)
        self.assertEqual(objective.baseline_state, "locked")

    @users("success_manager")
    def test_objective_with_scorecard_lines_cannot_be_deleted(self):
        objective = self.env["crm.success.objective"].create(
            {
                "name": "Orders",
                "kpi_id": self.kpi("orders_count").id,
                "go_live_date": "2025-03-01",
                "baseline_value": 1.0,
                "target_value": 2.0,
                "target_date": "2025-12-31",
            }
        )
        self.env["crm.success.scorecard"].compute_period(*MARCH)
        self.assertTrue(objective.line_ids)
        # A clean message, not a foreign-key violation logged by PostgreSQL.
        with self.assertNoLogs("odoo.sql_db", "ERROR"), self.assertRaises(UserError):
            objective.unlink()
        self.assertTrue(objective.exists())

    @users("success_manager")
    def test_name_is_required_for_real(self):
        Objective = self.env["crm.success.objective"]
        count = Objective.search_count([])
        for name in ("", "   ", "\t\n"):
            with self.subTest(name=name), self.assertRaises(ValidationError):
                Objective.create(
                    {
                        "name": name,
                        "kpi_id": self.kpi("orders_count").id,
                        "go_live_date": "2025-03-01",
                        "target_value": 2.0,
                        "target_date": "2025-12-31",
                    }
                )
        self.assertEqual(Objective.search_count([]), count)
        with self.assertRaises(ValidationError):
            self.objective.with_user(self.env.user).name = "  "
        self.assertEqual(self.objective.name, "Revenue")
