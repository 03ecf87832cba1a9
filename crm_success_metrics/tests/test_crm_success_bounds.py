# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Numbers are numbers: NaN, infinities and absurd magnitudes are refused at the
door, and one that got into the database anyway (by SQL) spoils only its own
line, never the company's scorecard nor the JSON sent to the browser."""

import json

from odoo.exceptions import ValidationError
from odoo.tests import tagged, users
from odoo.tools import SQL

from .common import MARCH, CrmSuccessCase

NAN, INF = float("nan"), float("inf")
NOT_NUMBERS = (NAN, INF, -INF, 1e308)


@tagged("post_install", "-at_install")
class TestObjectiveBounds(CrmSuccessCase):
    def _vals(self, **vals):
        return {
            "name": "Orders",
            "kpi_id": self.kpi("orders_count").id,
            "go_live_date": "2025-03-01",
            "baseline_value": 73.0,
            "target_value": 146.0,
            "target_date": "2025-12-31",
            **vals,
        }

    @users("success_manager")
    def test_objective_numbers_are_finite_and_in_range(self):
        Objective = self.env["crm.success.objective"]
        objective = Objective.create(self._vals())
        count = Objective.search_count([])
        fields_and_bad_values = {
            "target_value": NOT_NUMBERS,
            "baseline_value": NOT_NUMBERS,
            "baseline_numerator": NOT_NUMBERS,
            "baseline_denominator": (*NOT_NUMBERS, -1.0),
            "tolerance_pct": (*NOT_NUMBERS, -1.0, 101.0),
            "weight": (*NOT_NUMBERS, 1001.0),
        }
        for name, values in fields_and_bad_values.items():
            label = Objective._fields[name].get_description(self.env)["string"]
            for value in values:
                with self.subTest(field=name, value=value):
                    with self.assertRaises(ValidationError) as error:
                        Objective.create(self._vals(**{name: value}))
                    # the message names the field and the allowed range
                    self.assertIn(label, str(error.exception))
                    with self.assertRaises(ValidationError):
                        objective.write({name: value})
        self.assertEqual(Objective.search_count([]), count)
        objective.invalidate_recordset()
        self.assertEqual(
            (objective.target_value, objective.baseline_value, objective.weight),
            (146.0, 73.0, 1.0),
        )

    def test_company_settings_are_bounded(self):
        company = self.company
        for name, value in (
            ("success_lock_delay_days", 1000000),
            ("success_lock_delay_days", -1),
            ("success_complaint_target_hours", 100000000),
            ("success_complaint_target_hours", -1),
            ("crm_success_service_level_seconds", 2000000000),
            ("crm_success_service_level_seconds", -1),
            ("crm_success_email_target_hours", NAN),
            ("crm_success_email_target_hours", INF),
            ("crm_success_email_target_hours", 1e12),
            ("crm_success_email_target_hours", -1.0),
        ):
            with self.subTest(field=name, value=value):
                with self.assertRaises(ValidationError):
                    company.write({name: value})
        company.invalidate_recordset()
        self.assertEqual(
            (
                company.success_lock_delay_days,
                company.success_complaint_target_hours,
                company.crm_success_service_level_seconds,
                company.crm_success_email_target_hours,
            ),
            (10, 48, 20, 24.0),
        )


@tagged("post_install", "-at_install")
class TestNonFiniteInDatabase(CrmSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Objective = cls.env["crm.success.objective"]

        def objective(name, code, baseline, target, **vals):
            return Objective.create(
                {
                    "name": name,
                    "kpi_id": cls.kpi(code).id,
                    "company_id": cls.company.id,
                    "go_live_date": "2025-03-01",
                    "baseline_value": baseline,
                    "target_value": target,
                    "target_date": "2025-12-31",
                    **vals,
                }
            )

        cls.orders = objective("More orders", "orders_count", 73.0, 146.0)
        cls.nan_baseline = objective("NaN baseline", "orders_count", 73.0, 146.0)
        cls.inf_target = objective("Infinite target", "sales_revenue", 7300.0, 8760.0)
        cls.nan_ratio = objective(
            "NaN proportion",
            "repeat_purchase_rate",
            20.0,
            30.0,
            baseline_numerator=20.0,
            baseline_denominator=100.0,
        )
        # What the constraints now refuse, written behind the ORM's back.
        for record, column, value in (
            (cls.nan_baseline, "baseline_value", "NaN"),
            (cls.inf_target, "target_value", "Infinity"),
            (cls.nan_ratio, "baseline_numerator", "NaN"),
        ):
            cls.env.cr.execute(
                SQL(
                    "UPDATE crm_success_objective SET %s = %s::float8 WHERE id = %s",
                    SQL.identifier(column),
                    value,
                    record.id,
                )
            )
        cls.env["crm.success.objective"].invalidate_model()

    def test_one_bad_objective_does_not_break_the_scorecard(self):
        scorecard = self.env["crm.success.scorecard"].compute_period(
            *MARCH, company=self.company
        )
        lines = {line.objective_id: line for line in scorecard.line_ids}
        # March: 5 confirmed orders
        self.assertEqual(lines[self.orders].value, 5.0)
        self.assertNotEqual(lines[self.orders].status, "error")
        for objective in (self.nan_baseline, self.inf_target, self.nan_ratio):
            with self.subTest(objective=objective.name):
                line = lines[objective]
                self.assertEqual(line.status, "error")
                self.assertIn("finite number", line.error_message)
        self.assertEqual(scorecard.state, "done")

    def test_json_sent_to_the_browser_has_no_nan(self):
        scorecard = self.env["crm.success.scorecard"].compute_period(
            *MARCH, company=self.company
        )
        line_fields = self.env["crm.success.scorecard.line"]._fields
        payload = scorecard.web_read(
            {
                "success_index": {},
                "success_index_customer": {},
                "success_index_financial": {},
                "line_ids": {
                    "fields": {
                        name: {}
                        for name, field in line_fields.items()
                        if field.type in ("float", "char", "text", "selection")
                    }
                },
            }
        )
        json.dumps(payload, allow_nan=False, default=str)
        # the dashboard cards, the broken objectives' own numbers included
        cards = self.env["crm.success.objective"].web_search_read(
            [("company_id", "=", self.company.id)],
            {
                name: {}
                for name, field in self.env["crm.success.objective"]._fields.items()
                if field.type in ("float", "char", "selection")
            },
        )
        json.dumps(cards, allow_nan=False, default=str)
        self.assertEqual(len(cards["records"]), 4)
