# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError

from ..engine import noise, periods

STATUSES = [
    ("achieved", "Achieved"),
    ("on_track", "On Track"),
    ("at_risk", "At Risk"),
    ("off_track", "Off Track"),
    ("no_data", "No Data"),
    ("error", "Error"),
]


class CrmSuccessScorecardLine(models.Model):
    _name = "crm.success.scorecard.line"
    _description = "CRM Success Scorecard Line"
    _inherit = ["crm.success.finite.mixin"]
    _order = "date_to desc, sequence, id"
    _check_company_auto = True

    scorecard_id = fields.Many2one(
        "crm.success.scorecard", required=True, index=True, ondelete="cascade"
    )
    objective_id = fields.Many2one(
        "crm.success.objective",
        required=True,
        index=True,
        ondelete="restrict",
        check_company=True,
    )
    kpi_id = fields.Many2one(
        "crm.success.kpi", string="KPI", required=True, ondelete="restrict"
    )
    value_proposition_id = fields.Many2one(
        "crm.value.proposition",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        help="The value proposition the line measured (KPIs per proposition).",
    )
    sequence = fields.Integer()
    company_id = fields.Many2one(
        related="scorecard_id.company_id", store=True, index=True
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(related="scorecard_id.period_type", store=True)
    date_from = fields.Date(related="scorecard_id.date_from", store=True)
    date_to = fields.Date(related="scorecard_id.date_to", store=True)
    state = fields.Selection(related="scorecard_id.state", string="Scorecard Status")
    perspective = fields.Selection(related="kpi_id.perspective", store=True)
    unit = fields.Selection(related="kpi_id.unit")
    direction = fields.Selection(related="kpi_id.direction")
    # Aggregators: a line holds one KPI in its own unit, so no measure is ever
    # summed across lines (a total of progress or of values of different KPIs
    # means nothing); values are averaged, the rest is not a measure at all.
    value = fields.Float(aggregator="avg")
    numerator = fields.Float(aggregator=None)
    denominator = fields.Float(aggregator=None)
    baseline_value = fields.Float(
        aggregator="avg",
        help="Baseline of the objective, scaled to this period for flows.",
    )
    target_value = fields.Float(aggregator="avg")
    previous_year_value = fields.Float(string="Same Period Last Year", aggregator="avg")
    previous_year_measured = fields.Boolean(
        help="Whether there was anything to measure in the same period last year "
        "(otherwise its value is not a real zero)."
    )
    change_vs_baseline = fields.Float(aggregator="avg")
    change_vs_baseline_pct = fields.Float(
        string="Change vs Baseline (%)", aggregator="avg"
    )
    progress_pct = fields.Float(
        string="Exact Progress (%)",
        aggregator=None,
        help="(value − baseline) / (target − baseline) × 100, unbounded; the "
        "screens show it bounded (Progress).",
    )
    expected_progress_pct = fields.Float(
        string="Expected Progress (%)", aggregator="avg"
    )
    tolerance_pct = fields.Float(string="Tolerance (%)", aggregator=None)
    weight = fields.Float(aggregator=None)
    status = fields.Selection(STATUSES, required=True, default="no_data")
    p_value = fields.Float(string="p-value", digits=(16, 4), aggregator=None)
    significant = fields.Boolean(help="The change against the baseline has p < 0.05.")
    significance_tested = fields.Boolean(
        help="Whether the KPI's significance test ran for this period (it needs a "
        "test and enough data); p-value and Significant mean nothing otherwise.",
    )
    trend_marks = fields.Json(
        string="Trend",
        compute="_compute_trend_marks",
        help="The last three periods, each against the one before: ▲ higher, "
        "▼ lower, = unchanged; green when better in the KPI's direction, red "
        "when worse.",
    )
    tradeoff_warning = fields.Text()
    error_message = fields.Text()
    kpi_kind = fields.Selection(related="kpi_id.kind", string="KPI Kind")

    # ------------------------------------------------------------------
    # COMPUTES
    # ------------------------------------------------------------------

    def _compute_trend_marks(self):
        history = self._value_history()
        for line in self:
            run = periods.period_run(
                line.date_from,
                line.date_to,
                line.period_type,
                noise.TREND_PERIODS + 1,
            )
            line.trend_marks = self._trend_marks_display(
                run,
                [history.get((line.objective_id.id, *period)) for period in run],
                line.direction,
                line.period_type,
            )

    def _value_history(self):
        """``{(objective id, date_from, date_to): value}`` of the measured lines
        of the objectives of ``self`` up to their latest period, in one query;
        four years back cover the trend of yearly lines."""
        measured = self.filtered("date_to")
        if not measured:
            return {}
        lines = self.search_fetch(
            [
                ("objective_id", "in", measured.objective_id.ids),
                ("date_to", "<=", max(measured.mapped("date_to"))),
                (
                    "date_from",
                    ">=",
                    min(measured.mapped("date_from")) - relativedelta(years=4),
                ),
                ("status", "not in", ("no_data", "error")),
            ],
            ["objective_id", "date_from", "date_to", "value"],
        )
        return {
            (line.objective_id.id, line.date_from, line.date_to): line.value
            for line in lines
        }

    @api.model
    def _trend_marks_display(
        self, run, values, direction, period_type, period_names=None
    ):
        """The trend marks of the periods ``run`` (oldest first, of
        ``period_type``; their ``period_names`` when already printed) with their
        ``values`` (None without data), ready for the browser: symbol, tone
        (good, bad, neutral or none) and a sentence for the tooltip."""
        Kpi = self.env["crm.success.kpi"]
        marks = noise.trend_marks(values, direction)
        period_names = period_names or [
            Kpi._format_period(date_from, date_to, period_type)
            for date_from, date_to in run
        ]
        moves = {
            noise.UP: self.env._("higher than"),
            noise.DOWN: self.env._("lower than"),
            noise.FLAT: self.env._("unchanged from"),
        }
        display = []
        # a mark describes run[i + 1] against run[i]
        for offset, mark in enumerate(marks, start=len(run) - len(marks)):
            period, before = period_names[offset], period_names[offset - 1]
            if mark is None:
                display.append(
                    {
                        "symbol": "·",
                        "tone": "none",
                        "title": self.env._(
                            "%(period)s: no comparison with %(before)s",
                            period=period,
                            before=before,
                        ),
                    }
                )
                continue
            display.append(
                {
                    "symbol": mark.symbol,
                    "tone": mark.tone,
                    "title": f"{period}: {moves[mark.move]} {before}",
                }
            )
        return display

    # ------------------------------------------------------------------
    # CRUD: lines of a locked scorecard are immutable
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        scorecards = self.env["crm.success.scorecard"].browse(
            [vals["scorecard_id"] for vals in vals_list if vals.get("scorecard_id")]
        )
        scorecards._check_not_locked()
        return super().create(vals_list)

    def write(self, vals):
        self.scorecard_id._check_not_locked()
        if "scorecard_id" in vals:
            self.env["crm.success.scorecard"].browse(
                vals["scorecard_id"]
            )._check_not_locked()
        return super().write(vals)

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        if any(line.scorecard_id.state == "locked" for line in self):
            raise UserError(
                self.env._("The lines of a locked scorecard cannot be deleted.")
            )

    # ------------------------------------------------------------------
    # DRILL-DOWN: the records behind the numbers
    # ------------------------------------------------------------------

    @api.readonly
    def action_drill_numerator(self):
        """Open the records behind the line's numerator (its value for the
        KPIs that are not ratios): a list, as the current user."""
        return self._action_drill("numerator")

    @api.readonly
    def action_drill_denominator(self):
        """Open the records behind the line's denominator (ratio KPIs)."""
        return self._action_drill("denominator")

    def _kpi_drill(self, side):
        """The KPI's :class:`~..kpis.Drill` of the line's ``side``, for the
        value proposition the line measured (if any)."""
        self.ensure_one()
        return self.kpi_id._with_value_proposition(self.value_proposition_id)._drill(
            side, self.date_from, self.date_to, self.company_id
        )

    def _action_drill(self, side):
        """Window action listing the KPI's records of the line's period and
        company (``crm.success.kpi._drill``).

        The list is searched as the current user with their access rights
        and record rules: it shows as many records as the line counts when
        the user may read them all, fewer otherwise (a salesman who sees
        only their own leads); a user who may not read the model at all gets
        an AccessError. Its context sets no default, so nothing created from
        it lands in another company."""
        self.ensure_one()
        drill = self._kpi_drill(side)
        records = self.env[drill.model]
        if not records.has_access("read"):
            raise AccessError(
                self.env._(
                    "You may not read the %(records)s behind %(kpi)s.",
                    records=drill.label,
                    kpi=self.kpi_id.name,
                )
            )
        context = {"create": False}
        if drill.group_by:
            context["group_by"] = list(drill.group_by)
        return {
            "type": "ir.actions.act_window",
            "name": self.env._(
                "%(records)s behind %(kpi)s — %(period)s",
                records=drill.label,
                kpi=self.kpi_id.name,
                period=self.scorecard_id.name,
            ),
            "res_model": drill.model,
            "views": [[False, "list"], [False, "form"]],
            "view_mode": "list,form",
            "domain": drill.domain,
            "context": context,
            "target": "current",
        }
