# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scorecards of March 2025 on the dataset of common.py."""

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import tagged
from odoo.tools import SQL

from .common import MARCH, CrmSuccessCase


@tagged("post_install", "-at_install")
class TestScorecard(CrmSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # Go-live 2025-03-01; default baseline period 2024-03-01..2025-02-28 (365 d);
        # target date 2025-12-31: at 03-31, 30 of 305 days elapsed → 9.8361 %.
        # Flow baselines and targets are stated for the 365-day baseline period
        # and scaled to March (31 days): orders 73 → 6.2 and 146 → 12.4,
        # revenue 7300 → 620 and 8760 → 744.
        cls.orders = cls._objective("More orders", "orders_count", 73.0, 146.0)
        cls.revenue = cls._objective(
            "More revenue",
            "sales_revenue",
            7300.0,
            8760.0,
            conflict_objective_ids=[cls.orders.id],
        )
        cls.repeat = cls._objective(
            "Repeat buyers",
            "repeat_purchase_rate",
            20.0,
            30.0,
            weight=2.0,
            baseline_numerator=20.0,
            baseline_denominator=100.0,
        )
        # target date 2025-04-30: at 03-31, 30 of 60 days elapsed → 50 %
        cls.churn = cls._objective(
            "Less churn", "churn_rate", 40.0, 20.0, target_date="2025-04-30"
        )
        cls.wins = cls._objective("Win more", "win_rate", 20.0, 30.0)
        cls.broken_kpi = cls.env["crm.success.kpi"].create(
            {
                "code": "test_broken",
                "name": "Broken query",
                "source": "query",
                "model_id": cls.env["ir.model"]._get_id("sale.order"),
                "date_field_id": cls.env["ir.model.fields"]._get_ids("sale.order")[
                    "date_order"
                ],
                "aggregate": "count",
            }
        )
        cls.broken = cls._objective("Broken", cls.broken_kpi, 1.0, 2.0)
        # a definition made invalid after validation (e.g. a field removed since)
        cls.env.cr.execute(
            SQL(
                "UPDATE crm_success_kpi SET domain = %s WHERE id = %s",
                "[('no_such_field', '=', 1)]",
                cls.broken_kpi.id,
            )
        )
        cls.broken_kpi.invalidate_recordset()

    @classmethod
    def _objective(cls, name, kpi, baseline, target, **vals):
        kpi = cls.kpi(kpi) if isinstance(kpi, str) else kpi
        return cls.env["crm.success.objective"].create(
            {
                "name": name,
                "kpi_id": kpi.id,
                "company_id": cls.company.id,
                "go_live_date": "2025-03-01",
                "baseline_value": baseline,
                "target_value": target,
                "target_date": "2025-12-31",
                **vals,
            }
        )

    def _compute(self):
        return self.env["crm.success.scorecard"].compute_period(
            *MARCH, company=self.company, period_type="month"
        )

    def _line(self, scorecard, objective):
        return scorecard.line_ids.filtered(lambda line: line.objective_id == objective)

    def test_flow_line_scaling_status_and_poisson_test(self):
        line = self._line(self._compute(), self.orders)
        # baseline 73 orders over 365 days → 73 × 31 / 365 = 6.2 for March
        self.assertAlmostEqual(line.baseline_value, 6.2)
        self.assertEqual(line.value, 5.0)
        self.assertAlmostEqual(line.target_value, 12.4)
        # (5 − 6.2) / (12.4 − 6.2) × 100 = −19.3548 %
        self.assertAlmostEqual(line.progress_pct, -19.3548, places=3)
        self.assertAlmostEqual(line.expected_progress_pct, 30 / 305 * 100, places=4)
        self.assertEqual(line.status, "off_track")
        self.assertAlmostEqual(line.change_vs_baseline, -1.2)
        # −1.2 / 6.2 = −19.3548 %
        self.assertAlmostEqual(line.change_vs_baseline_pct, -19.3548, places=3)
        # March 2024: C's order only
        self.assertEqual(line.previous_year_value, 1.0)
        # 5 in 31 d vs 73 in 365 d: n = 78, p0 = 31/396 = 0.078283, n p0 = 6.10606,
        # var = 6.10606 × 0.921717 = 5.62806, z = −1.10606 / 2.37235 = −0.46623,
        # p = 0.6411
        self.assertAlmostEqual(line.p_value, 0.6411, places=3)
        self.assertFalse(line.significant)

    def test_achieved_line_and_copies(self):
        scorecard = self._compute()
        line = self._line(scorecard, self.revenue)
        # 7300 × 31 / 365 = 620; value 800 ≥ target 8760 × 31 / 365 = 744
        self.assertAlmostEqual(line.baseline_value, 620.0)
        self.assertAlmostEqual(line.value, 800.0)
        self.assertEqual(line.status, "achieved")
        # (800 − 620) / (744 − 620) = 145.1613 %
        self.assertAlmostEqual(line.progress_pct, 145.1613, places=3)
        self.assertAlmostEqual(line.target_value, 744.0)
        # March 2024: C's order of 80
        self.assertAlmostEqual(line.previous_year_value, 80.0)
        self.assertTrue(line.previous_year_measured)
        # amounts: no significance test
        self.assertFalse(line.p_value)
        self.assertFalse(line.significant)

    def test_ratio_lines_on_track_at_risk_no_data(self):
        scorecard = self._compute()
        repeat = self._line(scorecard, self.repeat)
        # ratios are not scaled; 1/4 = 25 %: (25 − 20) / (30 − 20) = 50 % ≥ 9.84 − 10
        self.assertAlmostEqual(repeat.baseline_value, 20.0)
        self.assertAlmostEqual(repeat.progress_pct, 50.0)
        self.assertEqual(repeat.status, "on_track")
        # 1/4 vs 20/100: pooled 21/104 = 0.201923, se = √(0.201923 × 0.798077 ×
        # (1/4 + 1/100)) = 0.204692, z = 0.05 / 0.204692 = 0.24427, p = 0.8070
        self.assertAlmostEqual(repeat.p_value, 0.8070, places=3)
        churn = self._line(scorecard, self.churn)
        # 1/3 = 33.333 %: (33.333 − 40) / (20 − 40) = 33.33 %, 0 < 33.33 < 50 − 10
        self.assertAlmostEqual(churn.progress_pct, 100 / 3, places=4)
        self.assertAlmostEqual(churn.expected_progress_pct, 50.0)
        self.assertEqual(churn.status, "at_risk")
        # no opportunity closed in March for this company, nor in March 2024
        wins = self._line(scorecard, self.wins)
        self.assertEqual(wins.status, "no_data")
        self.assertFalse(wins.previous_year_measured)

    def test_failing_kpi_only_marks_its_line(self):
        scorecard = self._compute()
        broken = self._line(scorecard, self.broken)
        self.assertEqual(broken.status, "error")
        self.assertIn("no_such_field", broken.error_message)
        self.assertEqual(len(scorecard.line_ids), 6)
        self.assertEqual(
            set((scorecard.line_ids - broken).mapped("status")),
            {"achieved", "on_track", "at_risk", "off_track", "no_data"},
        )
        self.assertEqual(scorecard.state, "done")

    def test_success_index(self):
        scorecard = self._compute()
        # progress clamped: orders 0 (w 1), revenue 100 (w 1), repeat 50 (w 2),
        # churn 33.333 (w 1); no_data and error lines left out
        # → (0 + 100 + 100 + 33.333) / 5 = 46.667
        self.assertAlmostEqual(scorecard.success_index, 233.3333 / 5, places=3)
        # financial: orders and revenue → (0 + 100) / 2
        self.assertAlmostEqual(scorecard.success_index_financial, 50.0)
        # customer: repeat (w 2) and churn → (100 + 33.333) / 3
        self.assertAlmostEqual(scorecard.success_index_customer, 44.4444, places=3)
        self.assertEqual(scorecard.success_index_process, 0.0)
        self.assertTrue(scorecard.computed_on)

    def test_tradeoff_warnings_name_the_other(self):
        scorecard = self._compute()
        # revenue improved (145 %) while orders worsened beyond tolerance (−19.4 < −10)
        self.assertIn(
            "More orders", self._line(scorecard, self.revenue).tradeoff_warning
        )
        self.assertIn(
            "More revenue", self._line(scorecard, self.orders).tradeoff_warning
        )
        self.assertFalse(self._line(scorecard, self.repeat).tradeoff_warning)

    def test_compute_period_is_idempotent(self):
        scorecard = self._compute()
        again = self._compute()
        self.assertEqual(again, scorecard)
        self.assertEqual(len(again.line_ids), 6)
        self.assertEqual(
            self.env["crm.success.scorecard"].search_count(
                [("company_id", "=", self.company.id)]
            ),
            1,
        )

    def test_scorecard_dates_must_be_ordered(self):
        with self.assertRaises(ValidationError):
            self.env["crm.success.scorecard"].compute_period(
                "2025-03-31", "2025-03-01", company=self.company
            )
        with self.assertRaises(ValidationError):
            self.env["crm.success.scorecard"].create(
                {
                    "company_id": self.company.id,
                    "date_from": "2025-03-31",
                    "date_to": "2025-03-01",
                }
            )
        self.assertFalse(
            self.env["crm.success.scorecard"].search(
                [("company_id", "=", self.company.id)]
            )
        )

    def test_locked_scorecard_is_immutable(self):
        scorecard = self._compute()
        # users read scorecards; only managers lock them
        with self.assertRaises(AccessError):
            scorecard.with_user(self.user).action_lock()
        scorecard.with_user(self.manager).action_lock()
        self.assertEqual(scorecard.state, "locked")
        line = self._line(scorecard, self.revenue)
        with self.assertRaises(UserError):
            line.value = 1.0
        with self.assertRaises(UserError):
            line.unlink()
        with self.assertRaises(UserError):
            scorecard.write({"state": "draft"})
        with self.assertRaises(UserError):
            scorecard.action_compute()
        with self.assertRaises(UserError):
            scorecard.unlink()
        with self.assertRaises(UserError):
            self.env["crm.success.scorecard.line"].create(
                {
                    "scorecard_id": scorecard.id,
                    "objective_id": self.revenue.id,
                    "kpi_id": self.revenue.kpi_id.id,
                }
            )
        # later edits of the objective never change the locked lines
        self.revenue.target_value = 9000.0
        self.assertEqual(self._compute(), scorecard)
        self.assertAlmostEqual(line.target_value, 744.0)
        self.assertAlmostEqual(line.value, 800.0)


@tagged("post_install", "-at_install")
class TestScorecardQueries(CrmSuccessCase):
    def test_query_count_does_not_grow_with_data(self):
        sales_kpis = [
            "new_customers",
            "active_customers",
            "customer_retention_rate",
            "repeat_purchase_rate",
            "sales_revenue",
            "orders_count",
            "average_order_value",
            "cross_sell_breadth",
        ]
        for code in sales_kpis:
            self.env["crm.success.objective"].create(
                {
                    "name": code,
                    "kpi_id": self.kpi(code).id,
                    "company_id": self.company.id,
                    "go_live_date": "2025-03-01",
                    "baseline_value": 1.0,
                    "target_value": 2.0,
                    "target_date": "2025-12-31",
                }
            )
        Scorecard = self.env["crm.success.scorecard"]
        scorecard = Scorecard.compute_period(*MARCH, company=self.company)
        # March has 5 confirmed orders; measure the recomputation once
        self.env.invalidate_all()
        start = self.env.cr.sql_log_count
        scorecard.action_compute()
        self.env.flush_all()
        queries = self.env.cr.sql_log_count - start
        # 27 more orders (32 in March), new customers included
        for index in range(27):
            customer = self.env["res.partner"].create(
                {"name": f"Bulk {index}", "company_id": self.company.id}
            )
            self._order(customer, "2025-03-1%d" % (index % 10), [(self.p1, 10.0)])
        self.assertEqual(
            Scorecard.compute_period(*MARCH, company=self.company)
            .line_ids.filtered(lambda line: line.kpi_id.code == "orders_count")
            .value,
            32.0,
        )
        self.env.invalidate_all()
        with self.assertQueryCount(queries):
            scorecard.action_compute()
            self.env.flush_all()

    def test_query_count_of_a_full_scorecard(self):
        """Every built-in KPI, measured for March and March of the year before:
        one query per data source for both periods (see ``shared_periods``).

        200 queries, whatever the data: 166 when each period was queried
        apart (and complaints, leads and surveys once per KPI), 136 before
        the KPIs of #13: the campaign KPIs (+8: their one query, the
        purchases brought up to date, a savepoint per objective), the
        mailing KPIs of crm_success_metrics_mass_mailing (+6, the same) and
        the five channel mix KPIs (+7: their one query and the bookkeeping
        of five lines) and the three network KPIs (+2: the bookkeeping of
        three lines; their figures come with the sales and complaints
        queries; 167 measured with every addon installed, not 159), the
        four KPIs of value propositions (+14: the bookkeeping of four lines,
        the propositions' one query, their reads and purchases brought up to
        date), the five user adoption KPIs (+14: their four queries and the
        bookkeeping of five lines) and the training KPI of
        crm_success_metrics_slides (+5: its query, the chosen courses read,
        the bookkeeping of its line); most of the rest is bookkeeping (a
        savepoint per objective, the lines written). The scorecard declares
        its KPIs: the conversion of leads comes with the leads' one query (see
        ``kpis.will_measure``)."""
        survey = self.env["survey.survey"].create({"title": "Scorecard survey"})
        nps, csat = self.env["survey.question"].create(
            [
                {
                    "survey_id": survey.id,
                    "title": title,
                    "question_type": "scale",
                    "scale_min": low,
                    "scale_max": high,
                }
                for title, low, high in (("NPS", 0, 10), ("CSAT", 1, 5))
            ]
        )
        self.company.write(
            {
                "crm_success_nps_question_id": nps.id,
                "crm_success_csat_question_id": csat.id,
            }
        )
        # with eLearning, the training KPI of crm_success_metrics_slides
        # measures the courses chosen
        if "crm_success_training_channel_ids" in self.company._fields:
            self.company.crm_success_training_channel_ids = self.env[
                "slide.channel"
            ].create({"name": "CRM training"})
        kpis = self.env["crm.success.kpi"].search([("source", "=", "builtin")])
        proposition = self.env["crm.value.proposition"].create(
            {
                "name": "Scorecard proposition",
                "company_id": self.company.id,
                "segment_type": "domain",
                "partner_domain": "[('is_company', '=', True)]",
                "product_category_ids": [Command.set(self.p2.categ_id.ids)],
            }
        )
        self.env["crm.success.objective"].create(
            [
                {
                    "name": kpi.code,
                    "kpi_id": kpi.id,
                    "value_proposition_id": kpi.per_value_proposition
                    and proposition.id,
                    "company_id": self.company.id,
                    "go_live_date": "2025-03-01",
                    "baseline_value": 1.0,
                    "target_value": 2.0,
                    "target_date": "2025-12-31",
                }
                for kpi in kpis
            ]
        )
        scorecard = self.env["crm.success.scorecard"].compute_period(
            *MARCH, company=self.company
        )
        self.assertFalse(
            scorecard.line_ids.filtered(lambda line: line.status == "error")
        )
        self.assertEqual(len(scorecard.line_ids), len(kpis))
        self.env.invalidate_all()
        with self.assertQueryCount(200):
            scorecard.action_compute()
            self.env.flush_all()
