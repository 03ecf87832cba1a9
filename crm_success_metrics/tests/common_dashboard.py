# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Scorecards and lines written as the scorecard computation would have, with
chosen numbers: the dashboard's tests and tours read them."""

from datetime import date

from ..engine import periods


def monthly_scorecard(env, company, year, month, index):
    """A computed scorecard of a month with a success index (financial too)."""
    date_from, date_to = periods.period_bounds(date(year, month, 1), "month")
    scorecard = env["crm.success.scorecard"].create(
        {
            "company_id": company.id,
            "period_type": "month",
            "date_from": date_from,
            "date_to": date_to,
        }
    )
    scorecard.sudo().write(
        {"state": "done", "success_index": index, "success_index_financial": index}
    )
    return scorecard


def scorecard_line(scorecard, objective, value, baseline, target, status, **vals):
    """The line of ``objective`` on ``scorecard``, its progress worked out."""
    progress = (value - baseline) / (target - baseline) * 100.0
    return (
        scorecard.env["crm.success.scorecard.line"]
        .sudo()
        .create(
            {
                "scorecard_id": scorecard.id,
                "objective_id": objective.id,
                "kpi_id": objective.kpi_id.id,
                "value": value,
                "baseline_value": baseline,
                "target_value": target,
                "progress_pct": progress,
                "status": status,
                "weight": 1.0,
                **vals,
            }
        )
    )
