# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from odoo.tests import TransactionCase, tagged

JAN = (date(2026, 1, 1), date(2026, 1, 31))
EVIDENCE_CODES = [
    "invoiced_revenue",
    "net_profit",
    "promotion_spend",
    "promotion_spend_ratio",
    "customer_acquisition_cost",
    "service_cost",
    "service_cost_per_contact",
    "avg_speed_of_answer",
    "abandonment_rate",
    "service_level",
    "first_contact_resolution_rate",
    "contacts_per_resolution",
    "email_first_response_hours",
    "email_answered_in_target",
    "headcount",
    "hires",
    "departures",
    "involuntary_departures",
    "employee_turnover_rate",
    "complaints_per_employee",
]


@tagged("post_install", "-at_install")
class TestEvidenceScorecard(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Evidence Scorecard Co"})
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id])
        )

    def _kpi(self, code):
        return self.env["crm.success.kpi"].search([("code", "=", code)])

    def _objective(self, code, baseline, target):
        return self.env["crm.success.objective"].create(
            {
                "name": code,
                "kpi_id": self._kpi(code).id,
                "company_id": self.company.id,
                "go_live_date": "2025-12-01",
                "baseline_value": baseline,
                "target_value": target,
                "target_date": "2026-12-31",
            }
        )

    def _contacts(self, count):
        queued = datetime(2026, 1, 5, 9, 0)
        self.env["crm.service.contact"].create(
            [
                {
                    "company_id": self.company.id,
                    "queued_at": queued + timedelta(minutes=i),
                    "answered_at": queued + timedelta(minutes=i, seconds=10 * (i % 4)),
                    "resolved": True,
                    "case_ref": f"EV-{i}",
                }
                for i in range(count)
            ]
        )

    def test_catalog_has_every_evidence_kpi(self):
        kpis = self.env["crm.success.kpi"].search([("code", "in", EVIDENCE_CODES)])
        self.assertEqual(sorted(kpis.mapped("handler")), sorted(EVIDENCE_CODES))
        self.assertTrue(all(kpis.mapped("description")))
        surveys = self.env["crm.success.kpi"].search(
            [("code", "in", ["nps", "csat", "survey_responses"])]
        )
        self.assertEqual(len(surveys), 3)

    def test_unconfigured_survey_is_an_error_line(self):
        nps = self._objective("nps", 10.0, 30.0)
        level = self._objective("service_level", 50.0, 80.0)
        # answered after 0, 10, 20, 30 s: 3 of 4 within the default 20 s = 75 %
        self._contacts(4)
        scorecard = self.env["crm.success.scorecard"].compute_period(
            *JAN, company=self.company, period_type="month"
        )
        nps_line = scorecard.line_ids.filtered(lambda line: line.objective_id == nps)
        self.assertEqual(nps_line.status, "error")
        self.assertIn("No NPS question is configured", nps_line.error_message)
        level_line = scorecard.line_ids.filtered(
            lambda line: line.objective_id == level
        )
        self.assertAlmostEqual(level_line.value, 75.0)
        # (75 - 50) / (80 - 50) = 83.3 % of the way to the target
        self.assertAlmostEqual(level_line.progress_pct, 250 / 3)

    def test_query_count_does_not_grow_with_data(self):
        def queries(code):
            kpi = self._kpi(code)
            self.env.invalidate_all()
            before = self.env.cr.sql_log_count
            kpi.compute_value(*JAN, self.company)
            return self.env.cr.sql_log_count - before

        survey = self.env["survey.survey"].create({"title": "Query count survey"})
        self.company.crm_success_nps_question_id = self.env["survey.question"].create(
            {"survey_id": survey.id, "title": "Recommend?", "question_type": "scale"}
        )
        self.company.crm_success_csat_question_id = self.env["survey.question"].create(
            {
                "survey_id": survey.id,
                "title": "Satisfied?",
                "question_type": "scale",
                "scale_min": 1,
                "scale_max": 5,
            }
        )
        codes = EVIDENCE_CODES + ["nps", "csat", "survey_responses"]
        self._contacts(2)
        for code in codes:  # warm the registry caches (xml ids, ...)
            queries(code)
        small = {code: queries(code) for code in codes}
        self._contacts(40)
        self.env["hr.employee"].create(
            [
                {
                    "name": f"Employee {i}",
                    "company_id": self.company.id,
                    "hire_date": "2025-06-01",
                }
                for i in range(20)
            ]
        )
        large = {code: queries(code) for code in codes}
        self.maxDiff = None
        self.assertEqual(small, large)
        self.assertLessEqual(max(large.values()), 8, large)
