# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Survey KPIs on the NPS and CSAT questions chosen in the settings."""

from odoo.exceptions import UserError
from odoo.tools import SQL

from . import kpi_handler, measure, ratio
from .common import datetime_bounds


def _question(env, company, kind):
    """The configured question, checked: a scale of 0-10 (NPS) or 1-5 (CSAT)."""
    field, label, scale = {
        "nps": ("crm_success_nps_question_id", env._("NPS"), (0, 10)),
        "csat": ("crm_success_csat_question_id", env._("CSAT"), (1, 5)),
    }[kind]
    question = company.sudo()[field]
    if not question:
        raise UserError(
            env._(
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
            env._(
                "The %(kpi)s question '%(question)s' must be a scale question from "
                "%(low)s to %(high)s.",
                kpi=label,
                question=question.title,
                low=scale[0],
                high=scale[1],
            )
        )
    return question


def completed_answers(env, question):
    """SQL rows (user_input_id, partner_id, end_datetime, value) of the
    completed, not skipped answers to the scale ``question``; flushes first.
    The survey KPIs and the lifecycle's promoter evidence both use it."""
    env["survey.user_input.line"].flush_model()
    env["survey.user_input"].flush_model(["partner_id", "state", "end_datetime"])
    return SQL(
        """
        SELECT answer.id AS user_input_id, answer.partner_id, answer.end_datetime,
               line.value_scale AS value
          FROM survey_user_input_line line
          JOIN survey_user_input answer ON answer.id = line.user_input_id
         WHERE line.question_id = %s
           AND NOT COALESCE(line.skipped, FALSE)
           AND answer.state = 'done'
        """,
        question.id,
    )


def _scale_counts(env, question, date_from, date_to, low, high):
    """(answers, answers from `low` to `high`, answers from 0 to 6) to the question
    in the surveys completed in the period."""
    start, end = datetime_bounds(date_from, date_to)
    env.cr.execute(
        SQL(
            """
            SELECT COUNT(*),
                   COUNT(*) FILTER (WHERE answer.value BETWEEN %(low)s AND %(high)s),
                   COUNT(*) FILTER (WHERE answer.value <= 6)
              FROM (%(answers)s) answer
             WHERE answer.end_datetime >= %(start)s AND answer.end_datetime < %(end)s
            """,
            answers=completed_answers(env, question),
            low=low,
            high=high,
            start=start,
            end=end,
        )
    )
    return env.cr.fetchone()


@kpi_handler("nps")
def nps(env, date_from, date_to, company):
    """Net promoter score: % answers 9-10 minus % answers 0-6 (-100 to +100)."""
    question = _question(env, company, "nps")
    answers, promoters, detractors = _scale_counts(
        env, question, date_from, date_to, 9, 10
    )
    return ratio(promoters - detractors, answers, 100.0)


@kpi_handler("csat")
def csat(env, date_from, date_to, company):
    """Customer satisfaction: % answers 4-5 to the CSAT question."""
    question = _question(env, company, "csat")
    answers, satisfied, _low = _scale_counts(env, question, date_from, date_to, 4, 5)
    return ratio(satisfied, answers, 100.0)


@kpi_handler("survey_responses")
def survey_responses(env, date_from, date_to, company):
    """Completed survey answers submitted in the period to the surveys holding
    the NPS or CSAT question."""
    surveys = (
        _question(env, company, "nps").survey_id
        | _question(env, company, "csat").survey_id
    )
    env["survey.user_input"].flush_model(["survey_id", "state", "end_datetime"])
    start, end = datetime_bounds(date_from, date_to)
    env.cr.execute(
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
    return measure(env.cr.fetchone()[0])
