# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Survey KPIs on the NPS and CSAT questions chosen in the settings."""

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

from ..kpis import kpi, measure, ratio
from ..kpis.common import completed_answers, datetime_bounds


class CrmSuccessKpiSurveys(models.Model):
    _inherit = "crm.success.kpi"

    def _surveys_question(self, company, kind):
        """The configured question, checked: a scale of 0-10 (NPS) or 1-5 (CSAT)."""
        field, label, scale = {
            "nps": ("crm_success_nps_question_id", self.env._("NPS"), (0, 10)),
            "csat": ("crm_success_csat_question_id", self.env._("CSAT"), (1, 5)),
        }[kind]
        question = company.sudo()[field]
        if not question:
            raise UserError(
                self.env._(
                    "No %(kpi)s question is configured for %(company)s: choose one in "
                    "CRM > Configuration > Settings.",
                    kpi=label,
                    company=company.name,
                )
            )
        if (
            question.question_type != "scale"
            or (question.scale_min, question.scale_max) != scale
        ):
            raise UserError(
                self.env._(
                    "The %(kpi)s question '%(question)s' must be a scale question from "
                    "%(low)s to %(high)s.",
                    kpi=label,
                    question=question.title,
                    low=scale[0],
                    high=scale[1],
                )
            )
        return question

    def _surveys_scale_counts(self, question, date_from, date_to, company, low, high):
        """(answers, answers from `low` to `high`, answers from 0 to 6) to the question
        in the surveys completed in the period (days of the company's time zone)."""
        start, end = datetime_bounds(date_from, date_to, company)
        self.env.cr.execute(
            SQL(
                """
            SELECT COUNT(*),
                   COUNT(*) FILTER (WHERE answer.value BETWEEN %(low)s AND %(high)s),
                   COUNT(*) FILTER (WHERE answer.value <= 6)
              FROM (%(answers)s) answer
             WHERE answer.end_datetime >= %(start)s AND answer.end_datetime < %(end)s
            """,
                answers=completed_answers(self.env, question),
                low=low,
                high=high,
                start=start,
                end=end,
            )
        )
        return self.env.cr.fetchone()

    @kpi(kind="ratio", unit="score")
    def _kpi_nps(self, date_from, date_to, company):
        """Net promoter score: % answers 9-10 minus % answers 0-6 (-100 to +100)."""
        question = self._surveys_question(company, "nps")
        answers, promoters, detractors = self._surveys_scale_counts(
            question, date_from, date_to, company, 9, 10
        )
        return ratio(promoters - detractors, answers, 100.0)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_csat(self, date_from, date_to, company):
        """Customer satisfaction: % answers 4-5 to the CSAT question."""
        question = self._surveys_question(company, "csat")
        answers, satisfied, _low = self._surveys_scale_counts(
            question, date_from, date_to, company, 4, 5
        )
        return ratio(satisfied, answers, 100.0)

    @kpi(kind="flow", unit="count", significance_test="poisson")
    def _kpi_survey_responses(self, date_from, date_to, company):
        """Completed survey answers submitted in the period to the surveys holding
        the NPS or CSAT question."""
        surveys = (
            self._surveys_question(company, "nps").survey_id
            | self._surveys_question(company, "csat").survey_id
        )
        self.env["survey.user_input"].flush_model(
            ["survey_id", "state", "end_datetime"]
        )
        start, end = datetime_bounds(date_from, date_to, company)
        self.env.cr.execute(
            SQL(
                """
            SELECT COUNT(*) FROM survey_user_input
             WHERE survey_id = ANY(%(surveys)s) AND state = 'done'
               AND end_datetime >= %(start)s AND end_datetime < %(end)s
            """,
                surveys=surveys.ids,
                start=start,
                end=end,
            )
        )
        return measure(self.env.cr.fetchone()[0])
