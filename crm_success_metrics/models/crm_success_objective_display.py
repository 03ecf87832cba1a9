# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.tools.misc import format_date

from ..engine import display
from .crm_success_objective import STATUSES


class CrmSuccessObjective(models.Model):
    """What the objective's form and list print: its own figures (baseline
    period, target for a period as long) in the KPI's unit and labelled as
    such, apart from the latest closed period's line (scaled to that period)."""

    _inherit = "crm.success.objective"

    unit_label = fields.Char(
        compute="_compute_unit_label",
        help="The unit the baseline and target are typed in.",
    )
    baseline_display = fields.Char(
        string="Baseline",
        compute="_compute_objective_displays",
        help="Measured over the baseline period, before go-live.",
    )
    target_display = fields.Char(
        string="Target",
        compute="_compute_objective_displays",
        help="For flows, over a period as long as the baseline period; the "
        "scorecards scale it to theirs.",
    )
    baseline_period_label = fields.Char(
        string="Baseline Period", compute="_compute_objective_displays"
    )
    target_scope = fields.Char(
        compute="_compute_objective_displays",
        help="What the target value is stated for.",
    )
    closed_line_id = fields.Many2one(
        "crm.success.scorecard.line",
        string="Latest Closed Period",
        compute="_compute_closed_line_id",
        help="The line of the latest closed month, quarter or year.",
    )
    closed_period_name = fields.Char(string="Period", compute="_compute_closed_line_id")
    closed_value_display = fields.Char(
        string="Value", compute="_compute_closed_line_id"
    )
    closed_baseline_display = fields.Char(
        string="Baseline for the Period", compute="_compute_closed_line_id"
    )
    closed_target_display = fields.Char(
        string="Target for the Period", compute="_compute_closed_line_id"
    )
    closed_progress_shown = fields.Float(
        string="Progress", compute="_compute_closed_line_id"
    )
    closed_progress_display = fields.Char(
        string="Progress (in words)", compute="_compute_closed_line_id"
    )
    closed_status = fields.Selection(
        STATUSES, string="Status", compute="_compute_closed_line_id"
    )
    closed_status_note = fields.Char(
        string="Status Note", compute="_compute_closed_line_id"
    )

    @api.depends("kpi_id.unit", "company_id.currency_id")
    def _compute_unit_label(self):
        labels = {
            "percent": "%",
            "seconds": self.env._("seconds"),
            "hours": self.env._("hours"),
            "days": self.env._("days"),
        }
        for objective in self:
            if objective.unit == "currency":
                currency = objective.company_id.currency_id
                objective.unit_label = currency.symbol or currency.name
            else:
                objective.unit_label = labels.get(objective.unit, "")

    @api.depends(
        "kpi_id.unit",
        "kpi_id.kind",
        "company_id.currency_id",
        "baseline_value",
        "target_value",
        "baseline_date_from",
        "baseline_date_to",
        "go_live_date",
    )
    def _compute_objective_displays(self):
        for objective in self:
            kpi, currency = objective.kpi_id, objective.company_id.currency_id
            objective.baseline_display = kpi._format_value(
                objective.baseline_value, currency
            )
            objective.target_display = kpi._format_value(
                objective.target_value, currency
            )
            objective.baseline_period_label = objective._baseline_period_label()
            objective.target_scope = objective._target_scope()

    def _baseline_period_label(self):
        """ "12 months before go-live (1 Jan 2025 – 31 Dec 2025)"."""
        date_from, date_to = self.baseline_date_from, self.baseline_date_to
        if not (date_from and date_to):
            return False
        days = " – ".join(format_date(self.env, day) for day in (date_from, date_to))
        months = display.whole_months(date_from, date_to)
        if months and date_to + timedelta(days=1) == self.go_live_date:
            return self.env._(
                "%(months)s months before go-live (%(days)s)", months=months, days=days
            )
        return days

    def _target_scope(self):
        """What the target is stated for, by kind of KPI (``scale_flow``)."""
        if not self.kpi_id:
            return False
        if self.kind == "flow":
            return self.env._(
                "Over a period as long as the baseline period; each scorecard "
                "scales it to its own period."
            )
        return self.env._("The level to reach, whatever the period's length.")

    def _compute_closed_line_id(self):
        """The line of the latest closed period (ended before the company's
        today) of a month, quarter or year scorecard: one query for all."""
        todays = {company: company._lifecycle_today() for company in self.company_id}
        lines = self.env["crm.success.scorecard.line"].search(
            [
                ("objective_id", "in", self._origin.ids),
                ("period_type", "!=", "custom"),
                ("date_to", "<", max(todays.values(), default=fields.Date.today())),
            ],
            order="date_to desc, date_from desc, id desc",
        )
        closed = {}
        for line in lines:
            if line.company_id in todays and line.date_to < todays[line.company_id]:
                closed.setdefault(line.objective_id.id, line)
        for objective in self:
            line = closed.get(objective._origin.id, lines.browse())
            objective.closed_line_id = line
            objective.closed_period_name = line.period_name
            objective.closed_value_display = line.value_display
            objective.closed_baseline_display = line.baseline_display
            objective.closed_target_display = line.target_display
            objective.closed_progress_shown = line.progress_shown
            objective.closed_progress_display = line.progress_display
            objective.closed_status = line.status
            objective.closed_status_note = line.status_note
