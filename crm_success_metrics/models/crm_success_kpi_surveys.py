# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Survey KPIs on the NPS and CSAT questions chosen in the settings."""

from odoo import models
from odoo.exceptions import UserError
from odoo.osv import expression
from odoo.tools import SQL

from ..kpis import Drill, kpi, measure, ratio, shared_periods
from ..kpis.common import (
    completed_answers,
    datetime_domain,
    in_periods,
    period_rows,
    rows_by_period,
)


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

    def _surveys_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("surveys", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._surveys_query_counts(periods, company),
        )

    def _surveys_query_counts(self, periods, company):
        """{period: counts} of the surveys completed in each period (days of the
        company's time zone) holding the company's NPS or CSAT question, in one
        query: completed surveys (``responses``), answers to the NPS question
        (``nps``) of which 9-10 (``promoters``) and 0-6 (``detractors``),
        answers to the CSAT question (``csat``) of which 4-5 (``satisfied``).
        The KPIs check their question first (``_surveys_question``)."""
        nps = company.sudo().crm_success_nps_question_id
        csat = company.sudo().crm_success_csat_question_id
        self.env["survey.user_input"].flush_model(
            ["survey_id", "state", "end_datetime"]
        )
        query = SQL(
            """
            SELECT period.idx,
                   COUNT(DISTINCT response.id),
                   COUNT(*) FILTER (WHERE answer.question_id = %(nps)s),
                   COUNT(*) FILTER (WHERE answer.question_id = %(nps)s
                                      AND answer.value BETWEEN 9 AND 10),
                   COUNT(*) FILTER (WHERE answer.question_id = %(nps)s
                                      AND answer.value <= 6),
                   COUNT(*) FILTER (WHERE answer.question_id = %(csat)s),
                   COUNT(*) FILTER (WHERE answer.question_id = %(csat)s
                                      AND answer.value BETWEEN 4 AND 5)
              FROM (%(periods)s) period
              JOIN survey_user_input response
                ON response.end_datetime >= period.start_at
               AND response.end_datetime < period.end_at
              LEFT JOIN (%(answers)s) answer ON answer.user_input_id = response.id
             WHERE response.survey_id = ANY(%(surveys)s) AND response.state = 'done'
               AND %(in_periods)s
             GROUP BY period.idx
            """,
            nps=nps.id or None,
            csat=csat.id or None,
            surveys=(nps | csat).survey_id.ids,
            answers=completed_answers(self.env, nps | csat),
            periods=period_rows(periods, company),
            in_periods=in_periods(SQL("response.end_datetime"), periods, company),
        )
        keys = ("responses", "nps", "promoters", "detractors", "csat", "satisfied")
        return rows_by_period(self.env, query, periods, keys)

    def _surveys_answers_drill(
        self, kind, label, date_from, date_to, company, scores=()
    ):
        """Drill of the completed, not skipped answers to the company's NPS or
        CSAT question (``kind``) of the surveys completed in the period, with
        a score in one of the ranges ``scores`` (any score without)."""
        question = self._surveys_question(company, kind)
        ranges = [
            [("value_scale", ">=", low), ("value_scale", "<=", high)]
            for low, high in scores
        ]
        domain = [
            ("question_id", "=", question.id),
            ("skipped", "=", False),
            ("user_input_id.state", "=", "done"),
            *datetime_domain("user_input_id.end_datetime", date_from, date_to, company),
            *(expression.OR(ranges) if ranges else []),
        ]
        return Drill("survey.user_input.line", domain, label)

    def _drill_nps_answers(self, date_from, date_to, company):
        label = self.env._("NPS answers")
        return self._surveys_answers_drill("nps", label, date_from, date_to, company)

    def _drill_nps_promoters_detractors(self, date_from, date_to, company):
        """The answers 9-10 and 0-6: the numerator is the promoters' number
        minus the detractors'."""
        label = self.env._("Promoter and detractor answers")
        return self._surveys_answers_drill(
            "nps", label, date_from, date_to, company, scores=((9, 10), (0, 6))
        )

    def _drill_csat_answers(self, date_from, date_to, company):
        label = self.env._("CSAT answers")
        return self._surveys_answers_drill("csat", label, date_from, date_to, company)

    def _drill_csat_satisfied(self, date_from, date_to, company):
        label = self.env._("Satisfied CSAT answers")
        return self._surveys_answers_drill(
            "csat", label, date_from, date_to, company, scores=((4, 5),)
        )

    def _drill_survey_responses(self, date_from, date_to, company):
        """The completed answers of the surveys holding the NPS or CSAT question."""
        questions = self._surveys_question(company, "nps") | self._surveys_question(
            company, "csat"
        )
        domain = [
            ("survey_id", "in", questions.survey_id.ids),
            ("state", "=", "done"),
            *datetime_domain("end_datetime", date_from, date_to, company),
        ]
        label = self.env._("Completed surveys")
        return Drill("survey.user_input", domain, label)

    @kpi(kind="ratio", unit="score", drill=("nps_promoters_detractors", "nps_answers"))
    def _kpi_nps(self, date_from, date_to, company):
        """Net promoter score: % answers 9-10 minus % answers 0-6 (-100 to +100)."""
        self._surveys_question(company, "nps")
        counts = self._surveys_counts(date_from, date_to, company)
        return ratio(counts["promoters"] - counts["detractors"], counts["nps"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("csat_satisfied", "csat_answers"),
    )
    def _kpi_csat(self, date_from, date_to, company):
        """Customer satisfaction: % answers 4-5 to the CSAT question."""
        self._surveys_question(company, "csat")
        counts = self._surveys_counts(date_from, date_to, company)
        return ratio(counts["satisfied"], counts["csat"], 100.0)

    @kpi(
        kind="flow",
        unit="count",
        significance_test="poisson",
        drill=("survey_responses",),
    )
    def _kpi_survey_responses(self, date_from, date_to, company):
        """Completed survey answers submitted in the period to the surveys holding
        the NPS or CSAT question."""
        self._surveys_question(company, "nps")
        self._surveys_question(company, "csat")
        return measure(self._surveys_counts(date_from, date_to, company)["responses"])
