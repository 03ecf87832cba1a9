# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Objectives: baselines (compute, lock, unlock), conflicts and bad input."""

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import Form, tagged, users

from .common import MARCH, CrmSuccessCase


@tagged("post_install", "-at_install")
class TestObjective(CrmSuccessCase):
    def _vals(self, **vals):
        return {
            "name": "Revenue",
            "kpi_id": self.kpi("sales_revenue").id,
            "company_id": self.company.id,
            "go_live_date": "2025-03-01",
            "target_value": 1000.0,
            "target_date": "2025-12-31",
            **vals,
        }

    def _create(self, **vals):
        return self.env["crm.success.objective"].create(self._vals(**vals))

    def _count(self):
        return self.env["crm.success.objective"].search_count(
            [("company_id", "=", self.company.id)]
        )

    def test_baseline_defaults_to_the_year_before_go_live(self):
        objective = self._create()
        self.assertEqual(str(objective.baseline_date_from), "2024-03-01")
        self.assertEqual(str(objective.baseline_date_to), "2025-02-28")
        self.assertEqual(objective.tolerance_pct, 10.0)
        self.assertEqual(objective.weight, 1.0)
        self.assertEqual(objective.baseline_state, "draft")

    @users("success_manager")
    def test_compute_lock_and_unlock_baseline(self):
        objective = self._create().with_user(self.env.user)
        objective.action_compute_baseline()
        # orders 2024-03-01..2025-02-28: C 80 + B 50 + A 100
        self.assertAlmostEqual(objective.baseline_value, 230.0)
        self.assertAlmostEqual(objective.baseline_numerator, 230.0)
        objective.action_lock_baseline()
        self.assertEqual(objective.baseline_state, "locked")
        self.assertEqual(objective.baseline_locked_by_id, self.env.user)
        self.assertTrue(objective.baseline_locked_on)
        with self.assertRaises(UserError):
            objective.baseline_value = 100.0
        with self.assertRaises(UserError):
            objective.action_compute_baseline()
        with self.assertRaises(UserError):  # only through the wizard
            objective.baseline_state = "draft"
        self.assertAlmostEqual(objective.baseline_value, 230.0)
        # unlocking needs a reason, posted in the chatter even without tracking
        action = objective.action_unlock_baseline()
        wizard = Form(
            self.env[action["res_model"]].with_context(
                tracking_disable=True, **action["context"]
            )
        )
        wizard.reason = "Orders of 2024 were imported late"
        wizard.save().action_confirm()
        self.assertEqual(objective.baseline_state, "draft")
        self.assertFalse(objective.baseline_locked_by_id)
        self.assertIn(
            "Orders of 2024 were imported late", objective.message_ids[0].body
        )
        objective.baseline_value = 250.0
        self.assertAlmostEqual(objective.baseline_value, 250.0)

    def test_users_cannot_lock_or_unlock(self):
        objective = self._create(baseline_value=230.0)
        with self.assertRaises(UserError):
            objective.with_user(self.user).action_lock_baseline()
        objective.with_user(self.manager).action_lock_baseline()
        with self.assertRaises(UserError):
            objective.with_user(self.user)._unlock_baseline("No reason")
        with self.assertRaises(AccessError):
            self.env["crm.success.baseline.unlock.wizard"].with_user(self.user).create(
                {"objective_id": objective.id, "reason": "x"}
            )
        self.assertEqual(objective.baseline_state, "locked")

    def test_empty_baseline_period_cannot_be_computed(self):
        # no order before 2020: an average of nothing (a count would be 0)
        objective = self._create(
            go_live_date="2020-03-01", kpi_id=self.kpi("average_order_value").id
        )
        with self.assertRaises(UserError):
            objective.action_compute_baseline()

    def test_target_must_beat_a_locked_baseline(self):
        up = self._create(baseline_value=1000.0)
        with self.assertRaises(ValidationError):  # equal to the baseline
            up.with_user(self.manager).action_lock_baseline()
        up.target_value = 900.0
        with self.assertRaises(ValidationError):  # below, for "higher is better"
            up.with_user(self.manager).action_lock_baseline()
        down = self._create(
            kpi_id=self.kpi("churn_rate").id, baseline_value=20.0, target_value=25.0
        )
        with self.assertRaises(ValidationError):  # above, for "lower is better"
            down.with_user(self.manager).action_lock_baseline()
        down.target_value = 15.0
        down.with_user(self.manager).action_lock_baseline()
        with self.assertRaises(ValidationError):
            down.target_value = 30.0
        self.assertEqual(down.target_value, 15.0)
        self.assertEqual(up.baseline_state, "draft")

    def test_bad_input_saves_nothing(self):
        vals = self._vals()
        del vals["target_value"]
        with self.assertRaises(ValidationError):
            self.env["crm.success.objective"].create(vals)
        with self.assertRaises(ValidationError):  # go-live after the target date
            self._create(go_live_date="2026-01-01", target_date="2025-12-31")
        with self.assertRaises(ValidationError):  # baseline period after go-live
            self._create(baseline_date_from="2025-02-01", baseline_date_to="2025-03-15")
        with self.assertRaises(ValidationError):  # baseline period reversed
            self._create(baseline_date_from="2025-02-01", baseline_date_to="2025-01-01")
        with self.assertRaises(ValidationError):
            self._create(weight=0.0)
        with self.assertRaises(ValidationError):
            self._create(weight=-1.0)
        self.assertEqual(self._count(), 0)

    def test_conflicts_are_symmetric(self):
        revenue = self._create()
        complaints = self._create(
            name="Complaints",
            kpi_id=self.kpi("complaints_count").id,
            target_value=2.0,
            conflict_objective_ids=[revenue.id],
        )
        self.assertEqual(revenue.conflict_objective_ids, complaints)
        churn = self._create(name="Churn", kpi_id=self.kpi("churn_rate").id)
        revenue.conflict_objective_ids = churn
        self.assertFalse(complaints.conflict_objective_ids)
        self.assertEqual(churn.conflict_objective_ids, revenue)
        with self.assertRaises(ValidationError):
            revenue.conflict_objective_ids = revenue


@tagged("post_install", "-at_install")
class TestQueryKpi(CrmSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.fields_by_name = cls.env["ir.model.fields"]._get_ids("sale.order")
        cls.order_model = cls.env["ir.model"]._get("sale.order")

    def _kpi(self, **vals):
        return self.env["crm.success.kpi"].create(
            {
                "code": "test_query",
                "name": "Query",
                "source": "query",
                "model_id": self.order_model.id,
                "date_field_id": self.fields_by_name["date_order"],
                "domain": "[('state', '=', 'sale')]",
                "aggregate": "count",
                **vals,
            }
        )

    def test_count_sum_average_and_ratio(self):
        # confirmed March orders of our company: A 200, D 300, D1 100, E 200 EUR, G 100
        kpi = self._kpi()
        self.assertEqual(kpi.compute_value(*MARCH, self.company)["value"], 5.0)
        kpi.write(
            {
                "aggregate": "sum",
                "measure_field_id": self.fields_by_name["amount_untaxed"],
            }
        )
        # raw amounts, in the order currencies: 200 + 300 + 100 + 200 + 100
        self.assertAlmostEqual(kpi.compute_value(*MARCH, self.company)["value"], 900.0)
        kpi.aggregate = "avg"
        self.assertAlmostEqual(kpi.compute_value(*MARCH, self.company)["value"], 180.0)
        # % of the March orders (5 confirmed, 1 draft, 1 cancelled) that are confirmed
        kpi.write(
            {
                "aggregate": "count",
                "unit": "percent",
                "kind": "ratio",
                "denominator_model_id": self.order_model.id,
                "denominator_date_field_id": self.fields_by_name["date_order"],
                "denominator_domain": "[]",
                "denominator_aggregate": "count",
            }
        )
        result = kpi.compute_value(*MARCH, self.company)
        self.assertAlmostEqual(result["value"], 500 / 7)
        self.assertEqual((result["numerator"], result["denominator"]), (5.0, 7.0))
        # the other company has its own single order
        self.assertEqual(kpi.compute_value(*MARCH, self.other_company)["value"], 100.0)

    def test_invalid_definitions_are_rejected(self):
        with self.assertRaises(ValidationError):
            self._kpi(domain="[('no_such_field', '=', 1)]")
        with self.assertRaises(ValidationError):
            self._kpi(domain="not a domain")
        with self.assertRaises(ValidationError):
            self._kpi(domain="__import__('os')")
        with self.assertRaises(ValidationError):  # not a date
            self._kpi(date_field_id=self.fields_by_name["amount_untaxed"])
        with self.assertRaises(ValidationError):  # non-numeric measure
            self._kpi(aggregate="sum", measure_field_id=self.fields_by_name["name"])
        with self.assertRaises(ValidationError):  # no model
            self._kpi(model_id=False)
        with self.assertRaises(ValidationError):  # builtin without handler
            self.env["crm.success.kpi"].create(
                {"code": "test_nohandler", "name": "No handler", "source": "builtin"}
            )
        self.assertFalse(
            self.env["crm.success.kpi"].search(
                [("code", "in", ("test_query", "test_nohandler"))]
            )
        )
