# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math
from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

from odoo.addons.crm_lifecycle.engine.bounds import MAX_AMOUNT
from odoo.addons.crm_lifecycle.tools import check_bounds

from ..engine import periods
from .crm_success_scorecard_line import STATUSES

# No demo line shows progress beyond ±300 % (issue #12.10): its targets are
# set so that the months since go-live stay within ±250 % (see _demo_target).
DEMO_PROGRESS_BOUND = 250.0


def round_significant(value, rounding):
    """``value`` to two significant digits, ``rounding`` (math.ceil or
    math.floor) choosing the side; 0 stays 0.

    >>> round_significant(19195.65, math.ceil), round_significant(4.37, math.floor)
    (20000.0, 4.3)
    """
    if not value:
        return 0.0
    step = 10.0 ** (math.floor(math.log10(abs(value))) - 1)
    return round(rounding(value / step) * step, 10)


# The numbers users set on an objective: finite, and within these ranges.
NUMBER_BOUNDS = {
    "target_value": (-MAX_AMOUNT, MAX_AMOUNT),
    "baseline_value": (-MAX_AMOUNT, MAX_AMOUNT),
    "baseline_numerator": (-MAX_AMOUNT, MAX_AMOUNT),
    "baseline_denominator": (0.0, MAX_AMOUNT),
    "tolerance_pct": (0.0, 100.0),
    "weight": (0.0, 1000.0),
}


class CrmSuccessObjective(models.Model):
    _name = "crm.success.objective"
    _description = "CRM Success Objective"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.success.system.field.mixin",
        "crm.lifecycle.company.guard.mixin",
        "crm.success.finite.mixin",
    ]
    _order = "sequence, id"
    _check_company_auto = True
    # Who locked the baseline, and when: written by the lock and unlock actions.
    _system_fields = ("baseline_state", "baseline_locked_by_id", "baseline_locked_on")

    name = fields.Char(required=True, tracking=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    kpi_id = fields.Many2one(
        "crm.success.kpi",
        string="KPI",
        required=True,
        ondelete="restrict",
        tracking=True,
    )
    perspective = fields.Selection(related="kpi_id.perspective", store=True)
    unit = fields.Selection(related="kpi_id.unit")
    direction = fields.Selection(related="kpi_id.direction")
    kind = fields.Selection(related="kpi_id.kind")
    kpi_description = fields.Text(related="kpi_id.description", string="Definition")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    user_id = fields.Many2one(
        "res.users",
        string="Owner",
        default=lambda self: self.env.user,
        tracking=True,
        check_company=True,
    )
    go_live_date = fields.Date(required=True, tracking=True)
    baseline_date_from = fields.Date(
        compute="_compute_baseline_dates", store=True, readonly=False, precompute=True
    )
    baseline_date_to = fields.Date(
        compute="_compute_baseline_dates", store=True, readonly=False, precompute=True
    )
    baseline_value = fields.Float(tracking=True)
    baseline_numerator = fields.Float()
    baseline_denominator = fields.Float()
    baseline_state = fields.Selection(
        [("draft", "Draft"), ("locked", "Locked")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    baseline_locked_by_id = fields.Many2one("res.users", readonly=True, copy=False)
    baseline_locked_on = fields.Datetime(readonly=True, copy=False)
    baseline_note = fields.Text()
    target_value = fields.Float(
        required=True,
        tracking=True,
        help="For flow KPIs (summed over a period), the value to reach over a "
        "period as long as the baseline period; scorecards scale it, like the "
        "baseline, to their own period.",
    )
    target_date = fields.Date(required=True, tracking=True)
    tolerance_pct = fields.Float(
        string="Tolerance (%)",
        default=10.0,
        help="Points of progress an objective may lag behind the expected progress "
        "and still be on track; also the worsening that triggers trade-off warnings.",
    )
    weight = fields.Float(default=1.0)
    conflict_objective_ids = fields.Many2many(
        "crm.success.objective",
        "crm_success_objective_conflict_rel",
        "objective_id",
        "conflict_id",
        string="Conflicting Objectives",
        help="Objectives that may trade off against this one (symmetric).",
        check_company=True,
    )
    line_ids = fields.One2many("crm.success.scorecard.line", "objective_id")
    # Latest scorecard line, open period included (the conflicts' status).
    last_line_id = fields.Many2one(
        "crm.success.scorecard.line", compute="_compute_last_line_id"
    )
    last_status = fields.Selection(STATUSES, compute="_compute_last_line_id")
    # KPIs measured per value proposition (crm_success_kpi_propositions.py)
    value_proposition_id = fields.Many2one(
        "crm.value.proposition",
        index="btree_not_null",
        ondelete="restrict",
        check_company=True,
        tracking=True,
        help="The value proposition the KPI measures, for the KPIs measured "
        "per value proposition.",
    )
    kpi_per_value_proposition = fields.Boolean(
        related="kpi_id.per_value_proposition", string="KPI per Value Proposition"
    )

    # ------------------------------------------------------------------
    # COMPUTES AND CONSTRAINTS
    # ------------------------------------------------------------------

    @api.depends("go_live_date")
    def _compute_baseline_dates(self):
        for objective in self:
            if objective.go_live_date and objective.baseline_state == "draft":
                go_live = objective.go_live_date
                objective.baseline_date_from = go_live - relativedelta(years=1)
                objective.baseline_date_to = go_live - relativedelta(days=1)

    def _compute_last_line_id(self):
        lines = self.env["crm.success.scorecard.line"].search(
            [("objective_id", "in", self.ids)], order="date_to desc, id desc"
        )
        last = {}
        for line in lines:
            last.setdefault(line.objective_id.id, line)
        for objective in self:
            line = last.get(objective.id, lines.browse())
            objective.last_line_id = line
            objective.last_status = line.status

    @api.constrains(
        "go_live_date", "target_date", "baseline_date_from", "baseline_date_to"
    )
    def _check_dates(self):
        for objective in self:
            if objective.target_date and objective.go_live_date > objective.target_date:
                raise ValidationError(
                    self.env._(
                        "The go-live date of %s is after its target date.",
                        objective.name,
                    )
                )
            if not (objective.baseline_date_from and objective.baseline_date_to):
                continue
            if objective.baseline_date_from > objective.baseline_date_to:
                raise ValidationError(
                    self.env._(
                        "The baseline period of %s ends before it starts.",
                        objective.name,
                    )
                )
            if objective.baseline_date_to >= objective.go_live_date:
                raise ValidationError(
                    self.env._(
                        "The baseline period of %s must end before the go-live date.",
                        objective.name,
                    )
                )

    @api.constrains(*NUMBER_BOUNDS)
    def _check_number_bounds(self):
        check_bounds(self, NUMBER_BOUNDS)

    @api.constrains("weight")
    def _check_weight(self):
        if any(objective.weight <= 0 for objective in self):
            raise ValidationError(
                self.env._("The weight of an objective must be positive.")
            )

    @api.constrains("target_value", "baseline_value", "baseline_state", "kpi_id")
    def _check_target(self):
        for objective in self.filtered(lambda o: o.baseline_state == "locked"):
            objective._check_target_direction()

    def _check_target_direction(self):
        """The target must differ from the baseline, on the better side of it."""
        self.ensure_one()
        gap = self.target_value - self.baseline_value
        if (self.direction == "up" and gap <= 0) or (
            self.direction == "down" and gap >= 0
        ):
            raise ValidationError(
                self.env._(
                    "The target of %(objective)s must be %(side)s its baseline "
                    "(%(baseline)s).",
                    objective=self.name,
                    side=self.env._("above")
                    if self.direction == "up"
                    else self.env._("below"),
                    baseline=self.baseline_value,
                )
            )

    @api.constrains("kpi_id", "value_proposition_id")
    def _check_value_proposition(self):
        for objective in self:
            if objective.kpi_id.per_value_proposition != bool(
                objective.value_proposition_id
            ):
                raise ValidationError(
                    self.env._(
                        "The KPI %(kpi)s of %(objective)s is measured per value "
                        "proposition: choose the value proposition it measures.",
                        kpi=objective.kpi_id.name,
                        objective=objective.name,
                    )
                    if objective.kpi_id.per_value_proposition
                    else self.env._(
                        "The KPI %(kpi)s of %(objective)s is not measured per "
                        "value proposition: remove the value proposition.",
                        kpi=objective.kpi_id.name,
                        objective=objective.name,
                    )
                )

    @api.onchange("kpi_id")
    def _onchange_kpi_id_value_proposition(self):
        for objective in self.filtered(lambda o: not o.kpi_per_value_proposition):
            objective.value_proposition_id = False

    @api.constrains("conflict_objective_ids")
    def _check_conflicts(self):
        for objective in self:
            if objective in objective.conflict_objective_ids:
                raise ValidationError(
                    self.env._("An objective cannot conflict with itself.")
                )

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    _BASELINE_FIELDS = {
        "kpi_id",
        "company_id",
        "go_live_date",
        "baseline_date_from",
        "baseline_date_to",
        "baseline_value",
        "baseline_numerator",
        "baseline_denominator",
        "value_proposition_id",
    }

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            if vals.get("target_value") is None or vals["target_value"] is False:
                raise ValidationError(
                    self.env._("An objective needs a numeric target.")
                )
            self._check_name_vals(vals)
        objectives = super().create(vals_list)
        objectives._sync_conflicts(self.browse())
        return objectives

    def write(self, vals):
        if "target_value" in vals and (
            vals["target_value"] is None or vals["target_value"] is False
        ):
            raise ValidationError(self.env._("An objective needs a numeric target."))
        if "name" in vals:
            self._check_name_vals(vals)
        # The state is checked, not a context key: only the unlock wizard
        # (through _unlock_baseline) turns a locked baseline back to draft.
        locked = self.filtered(lambda o: o.baseline_state == "locked")
        if locked and self._BASELINE_FIELDS.intersection(vals):
            raise UserError(
                self.env._(
                    "The baseline of %s is locked: a manager must unlock it first.",
                    ", ".join(locked.mapped("name")),
                )
            )
        if "conflict_objective_ids" not in vals:
            return super().write(vals)
        before = self.conflict_objective_ids
        result = super().write(vals)
        self._sync_conflicts(before)
        return result

    def _check_name_vals(self, vals):
        # Checked before saving: an empty name would reach the NOT NULL column.
        if not (vals.get("name") or "").strip():
            raise ValidationError(self.env._("An objective needs a name."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked_or_measured(self):
        for objective in self:
            if objective.baseline_state == "locked":
                raise UserError(
                    self.env._(
                        "The baseline of %s is locked: archive the objective "
                        "instead of deleting it.",
                        objective.name,
                    )
                )
            if objective.sudo().line_ids:
                raise UserError(
                    self.env._(
                        "%s is measured on scorecards: archive the objective "
                        "instead of deleting it.",
                        objective.name,
                    )
                )

    def _measured_kpi(self):
        """The KPI as this objective measures it: with its value proposition
        for a KPI measured per proposition (see crm_success_kpi_propositions)."""
        self.ensure_one()
        return self.kpi_id._with_value_proposition(self.value_proposition_id)

    def _sync_conflicts(self, before):
        """Keep ``conflict_objective_ids`` symmetric (A conflicts B ⇔ B conflicts A)."""
        if self.env.context.get("crm_success_conflict_sync"):
            return
        sync = self.with_context(crm_success_conflict_sync=True)
        for objective in sync:
            for other in objective.conflict_objective_ids:
                if objective not in other.conflict_objective_ids:
                    other.conflict_objective_ids = [fields.Command.link(objective.id)]
            for other in before - objective.conflict_objective_ids:
                if objective in other.conflict_objective_ids:
                    other.conflict_objective_ids = [fields.Command.unlink(objective.id)]

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_compute_baseline(self):
        """Measure the KPI over the baseline period and store the result."""
        for objective in self:
            if objective.baseline_state == "locked":
                raise UserError(
                    self.env._("The baseline of %s is locked.", objective.name)
                )
            result = objective._measured_kpi().compute_value(
                objective.baseline_date_from,
                objective.baseline_date_to,
                objective.company_id,
            )
            if result["value"] is None:
                raise UserError(
                    self.env._(
                        "Nothing to measure for %s in the baseline period; "
                        "enter the baseline by hand.",
                        objective.name,
                    )
                )
            objective.write(
                {
                    "baseline_value": result["value"],
                    "baseline_numerator": result["numerator"] or 0.0,
                    "baseline_denominator": result["denominator"] or 0.0,
                }
            )
        return True

    def action_lock_baseline(self):
        """Freeze the baseline (managers): from now on it cannot change."""
        self._check_manager()
        self.check_access("write")
        for objective in self.filtered(lambda o: o.baseline_state == "draft"):
            objective._check_target_direction()
            # system fields: written as superuser, once the rights are checked
            objective.sudo().write(
                {
                    "baseline_state": "locked",
                    "baseline_locked_by_id": self.env.user.id,
                    "baseline_locked_on": fields.Datetime.now(),
                }
            )
        return True

    def action_unlock_baseline(self):
        """Open the wizard asking managers why they unlock the baseline."""
        self.ensure_one()
        self._check_manager()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_success_metrics.crm_success_baseline_unlock_wizard_action"
        )
        action["context"] = {"default_objective_id": self.id}
        return action

    def _unlock_baseline(self, reason):
        """Turn a locked baseline back to draft (the unlock wizard only); the
        reason is posted even when the caller disabled tracking."""
        self._check_manager()
        self.ensure_one()
        self.check_access("write")
        self.sudo().write(
            {
                "baseline_state": "draft",
                "baseline_locked_by_id": False,
                "baseline_locked_on": False,
            }
        )
        self.message_post(
            body=self.env._("Baseline unlocked. Reason: %s", reason),
            message_type="comment",
            subtype_xmlid="mail.mt_note",
        )

    def _check_manager(self):
        if not self.env.user.has_group(
            "crm_success_metrics.crm_success_metrics_group_manager"
        ):
            raise UserError(
                self.env._("Only CRM Success managers can lock or unlock baselines.")
            )

    # ------------------------------------------------------------------
    # DEMO DATA (called from demo/crm_success_metrics_demo.xml)
    # ------------------------------------------------------------------

    @api.model
    def _demo_lock_baselines(self, objective_ids):
        """Measure and lock the baselines of demo objectives, with the target
        of ``_demo_target``.

        Without history before go-live (a database without crm_lifecycle's demo
        sales history), the baseline is estimated from the months since go-live
        and the note says so.
        """
        for objective in self.browse(objective_ids):
            measured = objective._measured_kpi().compute_value(
                objective.baseline_date_from,
                objective.baseline_date_to,
                objective.company_id,
            )
            values = {
                "baseline_value": measured["value"],
                "baseline_numerator": measured["numerator"] or 0.0,
                "baseline_denominator": measured["denominator"] or 0.0,
            }
            if not measured["value"]:
                values = {
                    "baseline_value": objective._demo_estimate_baseline(),
                    "baseline_note": self.env._(
                        "Estimated from the months after go-live: no history before it."
                    ),
                }
            baseline = values["baseline_value"]
            if not baseline:
                continue  # nothing to measure at all: stays a draft baseline
            target = objective._demo_target(baseline)
            objective.write(dict(values, target_value=target))
            objective.action_lock_baseline()

    def _demo_target(self, baseline):
        """A target 20 % better than the baseline (percentages halfway to 100),
        or further when the closed months since go-live swing around the
        baseline by more than DEMO_PROGRESS_BOUND % of that gap, rounded to two
        significant digits away from the baseline, as a manager states one.

        A target within the month-to-month noise of the small demo sample
        would let the noise decide the status and show progress of thousands
        of percent (issue #12); rounding away from the baseline only widens
        the gap, so no month shows more than DEMO_PROGRESS_BOUND %.
        """
        if self.direction == "down" or self.unit != "percent":
            gap = abs(baseline) * 0.2
        else:
            gap = (100.0 - baseline) / 2
        gap = max(gap, self._demo_monthly_swing(baseline) * 100.0 / DEMO_PROGRESS_BOUND)
        if self.direction == "down":
            target = round_significant(baseline - gap, math.floor)
        else:
            target = round_significant(baseline + gap, math.ceil)
        if self.unit == "percent":
            target = min(max(target, 0.0), 100.0)
        return target

    def _demo_monthly_swing(self, baseline):
        """The largest distance between the baseline and the value of a closed
        month since go-live, flows scaled to the baseline period as the
        scorecards scale the baseline to the month."""
        baseline_days = periods.days_between(
            self.baseline_date_from, self.baseline_date_to
        )
        today = fields.Date.context_today(self)
        swing = 0.0
        date_from, date_to = periods.period_bounds(self.go_live_date, "month")
        while date_to < today:
            value = self._measured_kpi().compute_value(
                date_from, date_to, self.company_id
            )["value"]
            if value is not None:
                if self.kind == "flow":
                    value = periods.scale_flow(
                        value, baseline_days, periods.days_between(date_from, date_to)
                    )
                swing = max(swing, abs(value - baseline))
            date_from, date_to = periods.period_bounds(
                date_to + relativedelta(days=1), "month"
            )
        return swing

    @api.model
    def _demo_close_opportunities(self, months, per_month):
        """Opportunities closed in each of the last ``months`` closed months,
        ``per_month`` a month, for the win rate and the sales cycle: a
        won/lost pattern and cycle that get better after go-live (the last
        six months). Dated by calendar month, so the story is the same
        whatever day of the month the demo is installed on."""
        won_stage = self.env.ref("crm.stage_lead4")
        team = self.env.ref("sales_team.team_sales_department")
        first_of_month = fields.Date.context_today(self).replace(day=1)
        vals_list = []
        for back in range(months, 0, -1):
            month = first_of_month - relativedelta(months=back)
            after_go_live = back <= 6
            # before go-live 2 in 5 won (40 %), after 3 in 5 (60 %), with one
            # month in three a deal more (or less) to look like real months
            won = per_month * (3 if after_go_live else 2) // 5 + (back % 3 == 0)
            for index in range(per_month):
                closed = datetime.combine(
                    month + relativedelta(days=3 + 5 * index), time(15)
                )
                # before go-live about 40 days from creation to closing, 30 after
                cycle = (30 if after_go_live else 40) + 3 * (index % 3) - 3
                is_won = index < won
                vals_list.append(
                    {
                        "name": f"Demo deal {month:%Y-%m} #{index + 1}",
                        "type": "opportunity",
                        "team_id": team.id,
                        "user_id": self.env.ref("base.user_admin").id,
                        "expected_revenue": 1000.0 * (index + 1),
                        "create_date": closed - relativedelta(days=cycle),
                        "date_closed": closed,
                        **(
                            {"stage_id": won_stage.id, "probability": 100.0}
                            if is_won
                            else {"active": False, "probability": 0.0}
                        ),
                    }
                )
        self.env["crm.lead"].create(vals_list)

    def _demo_estimate_baseline(self):
        """A baseline a little worse than the months since go-live (flows scaled
        to the baseline period); None when there is nothing to measure."""
        today = fields.Date.context_today(self)
        value = self._measured_kpi().compute_value(
            self.go_live_date, today, self.company_id
        )["value"]
        if not value:
            return None
        if self.kind == "flow":
            value = periods.scale_flow(
                value,
                periods.days_between(self.baseline_date_from, self.baseline_date_to),
                periods.days_between(self.go_live_date, today),
            )
        return value * (1.1 if self.direction == "down" else 0.9)
