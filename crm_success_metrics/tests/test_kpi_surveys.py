# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import KpiPeriodsMixin
from .common_drill import DrillMixin

JAN = (date(2026, 1, 1), date(2026, 1, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))


@tagged("post_install", "-at_install")
class TestSurveyKpis(TransactionCase, KpiPeriodsMixin, DrillMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        survey = cls.env["survey.survey"].create({"title": "KPI survey"})
        cls.nps_question, cls.csat_question = cls.env["survey.question"].create(
            [
                {
                    "survey_id": survey.id,
                    "title": "Recommend?",
                    "question_type": "scale",
                    "scale_min": 0,
                    "scale_max": 10,
                },
                {
                    "survey_id": survey.id,
                    "title": "Satisfied?",
                    "question_type": "scale",
                    "scale_min": 1,
                    "scale_max": 5,
                },
            ]
        )
        cls.company = cls.env["res.company"].create(
            {
                "name": "Survey Co",
                "crm_success_nps_question_id": cls.nps_question.id,
                "crm_success_csat_question_id": cls.csat_question.id,
            }
        )

        def answer(nps, csat, when=datetime(2026, 1, 15, 12), state="done"):
            user_input = cls.env["survey.user_input"].create(
                {"survey_id": survey.id, "state": state, "end_datetime": when}
            )
            cls.env["survey.user_input.line"].create(
                [
                    {
                        "user_input_id": user_input.id,
                        "survey_id": survey.id,
                        "question_id": question.id,
                        "answer_type": "scale",
                        "value_scale": value,
                    }
                    for question, value in (
                        (cls.nps_question, nps),
                        (cls.csat_question, csat),
                    )
                ]
            )

        for nps, csat in ((10, 5), (9, 4), (9, 3), (7, 2), (5, 4)):
            answer(nps, csat)
        answer(0, 1, state="in_progress")  # not completed
        answer(0, 1, when=datetime(2026, 2, 1, 0, 0))  # next period

    def test_nps(self):
        # 5 answers: promoters 10, 9, 9 = 3; detractors 5 = 1 -> (3 - 1) / 5 = +40
        result = self.env["crm.success.kpi"]._kpi_nps(*JAN, self.company)
        self.assertEqual((result["numerator"], result["denominator"]), (2, 5))
        self.assertAlmostEqual(result["value"], 40.0)

    def test_csat(self):
        # 5 answers, 4 or 5: 5, 4, 4 -> 3 / 5 = 60 %
        self.assertAlmostEqual(
            self.env["crm.success.kpi"]._kpi_csat(*JAN, self.company)["value"], 60.0
        )

    def test_survey_responses(self):
        self.assertEqual(
            self.env["crm.success.kpi"]._kpi_survey_responses(*JAN, self.company)[
                "value"
            ],
            5,
        )

    def test_alone_and_in_a_scorecard(self):
        results = self.assertSameAloneAndTogether(
            ["nps", "csat", "survey_responses"], [JAN, FEB], self.company
        )
        # January as above; February: one answer, NPS 0 and CSAT 1
        self.assertAlmostEqual(results[JAN]["nps"]["value"], 40.0)
        self.assertAlmostEqual(results[JAN]["csat"]["value"], 60.0)
        self.assertEqual(results[JAN]["survey_responses"]["value"], 5)
        self.assertAlmostEqual(results[FEB]["nps"]["value"], -100.0)
        self.assertAlmostEqual(results[FEB]["csat"]["value"], 0.0)
        self.assertEqual(results[FEB]["survey_responses"]["value"], 1)

    def test_drill_down_opens_the_answers_counted(self):
        lines = self.drill_lines(["nps", "csat", "survey_responses"], JAN, self.company)
        user = new_test_user(
            self.env,
            login="drill_survey_user",
            groups="crm_success_metrics.crm_success_metrics_group_user,"
            "survey.group_survey_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        # the NPS numerator is 3 promoters - 1 detractor: the 4 answers listed
        self.assertDrillMatches(lines, user, {("nps", "numerator"): 4})
        action = lines["nps"].with_user(user).action_drill_numerator()
        scores = (
            self.env["survey.user_input.line"]
            .with_user(user)
            .search(action["domain"])
            .mapped("value_scale")
        )
        self.assertEqual(sorted(scores), [5, 9, 9, 10])

    def test_configuration_errors(self):
        company = self.env["res.company"].create({"name": "Unconfigured Co"})
        with self.assertRaisesRegex(UserError, "No NPS question is configured"):
            self.env["crm.success.kpi"]._kpi_nps(*JAN, company)
        company.crm_success_csat_question_id = self.nps_question  # 0-10, not 1-5
        with self.assertRaisesRegex(UserError, "must be a scale question from 1 to 5"):
            self.env["crm.success.kpi"]._kpi_csat(*JAN, company)
        text_question = self.env["survey.question"].create(
            {
                "survey_id": self.nps_question.survey_id.id,
                "title": "Comments",
                "question_type": "text_box",
            }
        )
        company.crm_success_nps_question_id = text_question
        with self.assertRaisesRegex(UserError, "must be a scale question from 0 to 10"):
            self.env["crm.success.kpi"]._kpi_nps(*JAN, company)
