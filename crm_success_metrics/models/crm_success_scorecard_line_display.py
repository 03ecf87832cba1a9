# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models

from ..engine import display, noise

NO_VALUE_STATUSES = ("no_data", "error")


class CrmSuccessScorecardLine(models.Model):
    """What the screens, the XLSX and the mail print of a line: its values in
    the KPI's unit, its period by name, its progress bounded (the stored
    numbers stay exact; rules in ``engine/display.py``)."""

    _inherit = "crm.success.scorecard.line"

    period_name = fields.Char(related="scorecard_id.name", string="Period")
    status_note = fields.Char(
        compute="_compute_status_note",
        help='"within normal variation" when the significance test finds the '
        "change against the baseline not significant: chance alone could "
        "explain the status (rule in engine/noise.py).",
    )
    progress_shown = fields.Float(
        string="Progress (%)",
        compute="_compute_progress_shown",
        store=True,
        aggregator="avg",
        help="The progress from baseline to target, bounded to −100 % … 200 % "
        "for display and charts; empty without data. Averaged, never summed.",
    )
    value_display = fields.Char(string="Value in Unit", compute="_compute_displays")
    baseline_display = fields.Char(
        string="Baseline",
        compute="_compute_displays",
        help="The objective's baseline, scaled to this period for flows.",
    )
    target_display = fields.Char(
        string="Target",
        compute="_compute_displays",
        help="The objective's target, scaled to this period for flows.",
    )
    previous_year_display = fields.Char(
        string="Last Year",
        compute="_compute_displays",
        help="The value of the same period last year.",
    )
    progress_display = fields.Char(
        string="Progress",
        compute="_compute_displays",
        help="Progress from baseline (0 %) to target (100 %), shown between "
        "−100 % and 200 %; beyond, the words say where the value stands.",
    )

    @api.depends("objective_id.name", "scorecard_id.name")
    def _compute_display_name(self):
        """ "Win new customers, November 2026" (breadcrumbs, links)."""
        for line in self:
            line.display_name = self.env._(
                "%(objective)s, %(period)s",
                objective=line.objective_id.name or "",
                period=line.scorecard_id.name or "",
            )

    @api.depends("progress_pct", "status")
    def _compute_progress_shown(self):
        for line in self:
            shown = None
            if line.status not in NO_VALUE_STATUSES:
                shown, _band = display.bounded_progress(line.progress_pct)
            line.progress_shown = shown if shown is not None else False

    @api.depends(
        "value",
        "baseline_value",
        "target_value",
        "previous_year_value",
        "previous_year_measured",
        "progress_pct",
        "status",
        "kpi_id.unit",
        "company_id.currency_id",
    )
    def _compute_displays(self):
        """Batch: the KPIs and currencies are prefetched, the formatting runs
        no query."""
        Kpi = self.env["crm.success.kpi"]
        for line in self:
            kpi, currency = line.kpi_id, line.company_id.currency_id
            has_value = line.status not in NO_VALUE_STATUSES
            line.value_display = kpi._format_value(
                line.value if has_value else None, currency
            )
            line.baseline_display = kpi._format_value(line.baseline_value, currency)
            line.target_display = kpi._format_value(line.target_value, currency)
            line.previous_year_display = kpi._format_value(
                line.previous_year_value if line.previous_year_measured else None,
                currency,
            )
            line.progress_display = Kpi._format_progress(
                line.progress_pct if has_value else None
            )

    @api.depends("status", "significance_tested", "significant")
    def _compute_status_note(self):
        for line in self:
            _status, qualifier = noise.headline_status(
                line.status, line.significance_tested, line.significant
            )
            line.status_note = (
                self.env._("within normal variation")
                if qualifier == noise.WITHIN_NORMAL_VARIATION
                else ""
            )
