# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import logging
import math
import time
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.service.model import PG_CONCURRENCY_EXCEPTIONS_TO_RETRY
from odoo.tools import SQL

from odoo.addons.crm_lifecycle.engine.bounds import out_of_bounds
from odoo.addons.crm_lifecycle.engine.days import local_date
from odoo.addons.crm_lifecycle.tools import bounds_problem

from ..engine import periods, stats, status
from ..kpis import shared_results
from .crm_success_kpi_propositions import PROPOSITIONS_KEY
from .crm_success_objective import NUMBER_BOUNDS as OBJECTIVE_BOUNDS

_logger = logging.getLogger(__name__)

PERSPECTIVES = ("financial", "customer", "process", "people")
# (company, periodicity) pairs handled per call of the scheduled action
CRON_BATCH_SIZE = 20


class CrmSuccessScorecard(models.Model):
    _name = "crm.success.scorecard"
    _description = "CRM Success Scorecard"
    _inherit = [
        "mail.thread",
        "crm.success.system.field.mixin",
        "crm.lifecycle.company.guard.mixin",
        "crm.success.finite.mixin",
    ]
    _order = "date_to desc, company_id, id"
    # Results and bookkeeping of the computation, locking and mailing.
    _system_fields = (
        "state",
        "success_index",
        "success_index_financial",
        "success_index_customer",
        "success_index_process",
        "success_index_people",
        "computed_on",
        "compute_ms",
        "mailed_on",
    )

    name = fields.Char(compute="_compute_name", store=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    period_type = fields.Selection(
        [
            ("month", "Month"),
            ("quarter", "Quarter"),
            ("year", "Year"),
            ("custom", "Custom"),
        ],
        required=True,
        default="custom",
    )
    date_from = fields.Date(required=True)
    date_to = fields.Date(required=True)
    state = fields.Selection(
        [("draft", "Draft"), ("done", "Done"), ("locked", "Locked")],
        required=True,
        default="draft",
        readonly=True,
        copy=False,
        tracking=True,
    )
    line_ids = fields.One2many(
        "crm.success.scorecard.line", "scorecard_id", string="Lines"
    )
    success_index = fields.Float(
        aggregator="avg",
        readonly=True,
        help="Weighted mean of the progress of the objectives with data, "
        "clamped to 0-100.",
    )
    success_index_financial = fields.Float(
        string="Financial Index", aggregator="avg", readonly=True
    )
    success_index_customer = fields.Float(
        string="Customer Index", aggregator="avg", readonly=True
    )
    success_index_process = fields.Float(
        string="Internal Process Index", aggregator="avg", readonly=True
    )
    success_index_people = fields.Float(
        string="People Index", aggregator="avg", readonly=True
    )
    computed_on = fields.Datetime(readonly=True, copy=False)
    compute_ms = fields.Integer(
        string="Computation Time (ms)", readonly=True, copy=False
    )
    mailed_on = fields.Datetime(
        readonly=True,
        copy=False,
        help="When the locked scorecard was e-mailed to the subscribers; "
        "the scheduled action mails each scorecard once.",
    )

    _sql_constraints = [
        (
            "period_unique",
            "unique(company_id, date_from, date_to)",
            "A company has one scorecard per period.",
        ),
    ]

    @api.depends("date_from", "date_to", "period_type")
    def _compute_name(self):
        """The title is the period: "November 2026", "Q3 2026"."""
        Kpi = self.env["crm.success.kpi"]
        for scorecard in self:
            if scorecard.date_from and scorecard.date_to:
                scorecard.name = Kpi._format_period(
                    scorecard.date_from, scorecard.date_to, scorecard.period_type
                )
            else:
                scorecard.name = self.env._("New Scorecard")

    @api.constrains("date_from", "date_to")
    def _check_dates(self):
        if any(s.date_to < s.date_from for s in self):
            raise ValidationError(
                self.env._("A scorecard cannot end before it starts.")
            )

    @api.onchange("period_type")
    def _onchange_period_type(self):
        """Choosing a month, quarter or year proposes the latest closed one (of
        the company's today): the period a scorecard is usually made for."""
        for scorecard in self.filtered(
            lambda s: s.state == "draft" and s.period_type in periods.PERIOD_TYPES
        ):
            today = scorecard.company_id._lifecycle_today()
            scorecard.date_from, scorecard.date_to = periods.previous_period(
                today, scorecard.period_type
            )

    # ------------------------------------------------------------------
    # CRUD: a locked scorecard is immutable
    # ------------------------------------------------------------------

    def _check_not_locked(self):
        locked = self.filtered(lambda s: s.state == "locked")
        if locked:
            raise UserError(
                self.env._(
                    "The scorecard %s is locked and cannot change.", locked[0].name
                )
            )

    # Operational bookkeeping that may still change once the scorecard is locked.
    _LOCKED_WRITABLE_FIELDS = {"mailed_on"}

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_period_free(
                vals.get("company_id") or self.env.company.id,
                vals.get("date_from"),
                vals.get("date_to"),
            )
        return super().create(vals_list)

    def write(self, vals):
        if set(vals) - self._LOCKED_WRITABLE_FIELDS:
            self._check_not_locked()
        if {"company_id", "date_from", "date_to"}.intersection(vals):
            for scorecard in self:
                scorecard._check_period_free(
                    vals.get("company_id", scorecard.company_id.id),
                    vals.get("date_from", scorecard.date_from),
                    vals.get("date_to", scorecard.date_to),
                )
        return super().write(vals)

    def _check_period_free(self, company_id, date_from, date_to):
        """Refuse a second scorecard of a company for a period, before the unique
        constraint does (PostgreSQL would log the failed INSERT as an error)."""
        taken = self.sudo().search_count(
            [
                ("company_id", "=", company_id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
                ("id", "not in", self.ids),
            ],
            limit=1,
        )
        if taken:
            raise ValidationError(self.env._("A company has one scorecard per period."))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_locked(self):
        self._check_not_locked()

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_compute(self):
        """(Re)compute the lines of draft or done scorecards."""
        self.check_access("write")
        self._lock_for_compute()
        self._check_not_locked()
        for scorecard in self:
            scorecard._compute_lines()
        return True

    def action_lock(self):
        """Freeze computed scorecards: their lines can never change again."""
        self.check_access("write")
        if self.filtered(lambda s: s.state != "done"):
            raise UserError(self.env._("Only computed scorecards can be locked."))
        self.sudo().write({"state": "locked"})
        return True

    def _lock_for_compute(self):
        """Row-lock the scorecards until the end of the transaction, before any
        work: when the cron and a user recompute the same scorecard at once, the
        second waits for the first instead of interleaving with it (then Odoo
        retries the user's request, the cron retries the company; see
        _cron_compute_scorecards)."""
        if not self:
            return
        self.env.cr.execute(
            SQL(
                "SELECT id FROM %s WHERE id IN %s FOR UPDATE",
                SQL.identifier(self._table),
                tuple(self.ids),
            )
        )

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------

    @api.model
    def compute_period(self, date_from, date_to, company=None, period_type="custom"):
        """Create or recompute the scorecard of ``company`` for a period; return it.

        A locked scorecard is returned as it is.
        """
        company = company or self.env.company
        if not self.env.su and company not in self.env.user.company_ids:
            raise AccessError(
                self.env._("You have no access to the company %s.", company.name)
            )
        date_from, date_to = (
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        if date_to < date_from:
            raise ValidationError(
                self.env._("A scorecard cannot end before it starts.")
            )
        scorecard = self.search(
            [
                ("company_id", "=", company.id),
                ("date_from", "=", date_from),
                ("date_to", "=", date_to),
            ],
            limit=1,
        )
        if not scorecard:
            scorecard = self.create(
                {
                    "company_id": company.id,
                    "date_from": date_from,
                    "date_to": date_to,
                    "period_type": period_type,
                }
            )
        if scorecard.state != "locked":
            scorecard.action_compute()
        return scorecard

    def _objectives(self):
        """Objectives measured by this scorecard (hook)."""
        return self.env["crm.success.objective"].search(
            [("company_id", "=", self.company_id.id)]
        )

    def _compute_lines(self):
        self.ensure_one()
        started = time.perf_counter()
        self.line_ids.sudo().unlink()
        objectives = self._objectives()
        handlers = objectives.kpi_id.filtered("handler").mapped("handler")
        with shared_results(self.env, self._measured_periods(), handlers) as env:
            # the KPIs per value proposition measure them all in one query
            env = env(
                context=dict(
                    env.context,
                    **{PROPOSITIONS_KEY: objectives.value_proposition_id.ids},
                )
            )
            scorecard = self.with_env(env)
            rows = [
                scorecard._measure_objective(objective.with_env(env))
                for objective in objectives
            ]
        warnings = status.tradeoffs(
            [
                {
                    "key": row["objective_id"],
                    "name": row.pop("_name"),
                    "progress": row.get("progress_pct"),
                    "tolerance": row["tolerance_pct"],
                    "conflicts": row.pop("_conflicts"),
                }
                for row in rows
            ]
        )
        for row in rows:
            row["tradeoff_warning"] = self._tradeoff_text(
                warnings.get(row["objective_id"], [])
            )
        index_values = self._index_values(rows)  # pops the helper keys of rows
        # Results are written by the system (the caller's rights were checked in
        # action_compute): users may read lines and indexes, never write them.
        self.env["crm.success.scorecard.line"].sudo().create(rows)
        self.sudo().write(
            {
                **index_values,
                "state": "done",
                "computed_on": fields.Datetime.now(),
                "compute_ms": int((time.perf_counter() - started) * 1000),
            }
        )

    def _measured_periods(self):
        """The periods each objective is measured over: the scorecard's, then
        the same period last year (measured together, see ``shared_results``)."""
        self.ensure_one()
        return [
            (self.date_from, self.date_to),
            (
                periods.shift_year_back(self.date_from),
                periods.shift_year_back(self.date_to),
            ),
        ]

    def _tradeoff_text(self, tradeoffs):
        """Readable warning from the engine's ``[(role, other name)]``."""
        texts = [
            self.env._("Improved while %s worsened.", other)
            if role == "improved"
            else self.env._("Worsened while %s improved.", other)
            for role, other in tradeoffs
        ]
        return " ".join(texts) or False

    def _index_values(self, rows):
        measured = [row for row in rows if row["status"] not in ("no_data", "error")]
        values = {
            "success_index": status.success_index(
                [(row["weight"], row["progress_pct"]) for row in measured]
            )
            or 0.0
        }
        for perspective in PERSPECTIVES:
            index = status.success_index(
                [
                    (row["weight"], row["progress_pct"])
                    for row in measured
                    if row["_perspective"] == perspective
                ]
            )
            values[f"success_index_{perspective}"] = index or 0.0
        for row in rows:
            row.pop("_perspective")
        return values

    def _measure_objective(self, objective):
        """Values of the line of one objective; a failure only marks it ``error``.

        So does a number that is not finite, whether an objective's (written by
        SQL behind the constraints' back) or a result's: it spoils this line
        only, never the whole scorecard nor the JSON sent to the browser.
        """
        problem = bounds_problem(objective, OBJECTIVE_BOUNDS)
        if problem:
            problem = self.env._("The objective cannot be measured: %s", problem)
        else:
            row = self._measure_values(objective)
            problem = self._non_finite_problem(row)
            if not problem:
                return row
        return dict(
            self._line_identity(objective),
            tolerance_pct=0.0,
            weight=0.0,
            status="error",
            error_message=problem,
            value=False,
        )

    def _line_identity(self, objective):
        """What a line is about, and the helper keys of _compute_lines."""
        return {
            "scorecard_id": self.id,
            "objective_id": objective.id,
            "kpi_id": objective.kpi_id.id,
            "value_proposition_id": objective.value_proposition_id.id,
            "sequence": objective.sequence,
            "_name": objective.name,
            "_conflicts": objective.conflict_objective_ids.ids,
            "_perspective": objective.kpi_id.perspective,
        }

    def _non_finite_problem(self, row):
        """A sentence naming the first number of ``row`` that is not finite."""
        Line = self.env["crm.success.scorecard.line"]
        finite = {
            name: (-math.inf, math.inf)
            for name, field in Line._fields.items()
            if field.type == "float"
        }
        names = out_of_bounds(row, finite)
        if not names:
            return None
        return self.env._(
            "%s of the line is not a finite number.",
            Line._fields[names[0]]._description_string(self.env),
        )

    def _measure_values(self, objective):
        kpi = objective.kpi_id
        row = dict(
            self._line_identity(objective),
            tolerance_pct=objective.tolerance_pct,
            weight=objective.weight,
        )
        baseline, target = objective.baseline_value, objective.target_value
        if kpi.kind == "flow":
            # both are stated for the baseline period's length
            baseline, target = (
                periods.scale_flow(
                    amount,
                    periods.days_between(self.date_from, self.date_to),
                    periods.days_between(
                        objective.baseline_date_from, objective.baseline_date_to
                    ),
                )
                for amount in (baseline, target)
            )
        row.update(baseline_value=baseline, target_value=target)
        row["expected_progress_pct"] = periods.expected_progress(
            objective.go_live_date, objective.target_date, self.date_to
        )
        try:
            with self.env.cr.savepoint():
                result, previous = (
                    objective._measured_kpi().compute_value(
                        date_from, date_to, self.company_id
                    )
                    for date_from, date_to in self._measured_periods()
                )
        except Exception as error:  # noqa: BLE001 - any failure becomes a line status
            _logger.info("KPI %s failed on scorecard %s: %s", kpi.code, self.id, error)
            row.update(status="error", error_message=str(error), value=False)
            return row
        value = result["value"]
        row.update(
            value=value if value is not None else False,
            numerator=result["numerator"] or 0.0,
            denominator=result["denominator"] or 0.0,
            previous_year_value=previous["value"] or 0.0,
            previous_year_measured=previous["value"] is not None,
        )
        progress = status.progress_pct(value, baseline, target)
        row["status"] = status.line_status(
            value,
            target,
            kpi.direction,
            progress,
            row["expected_progress_pct"],
            objective.tolerance_pct,
        )
        if value is None:
            return row
        row["progress_pct"] = progress if progress is not None else False
        row["change_vs_baseline"] = value - baseline
        row["change_vs_baseline_pct"] = (
            (value - baseline) / abs(baseline) * 100.0 if baseline else False
        )
        p_value = self._p_value(kpi, objective, result)
        row["significance_tested"] = p_value is not None
        if p_value is not None:
            row["p_value"] = p_value
            row["significant"] = stats.is_significant(p_value)
        return row

    def _p_value(self, kpi, objective, result):
        """p-value of the period against the baseline (None when no test applies)."""
        if kpi.significance_test == "proportion":
            return stats.two_proportion_p_value(
                result["numerator"] or 0,
                result["denominator"] or 0,
                objective.baseline_numerator,
                objective.baseline_denominator,
            )
        if kpi.significance_test == "poisson":
            return stats.poisson_rates_p_value(
                result["numerator"] or 0,
                periods.days_between(self.date_from, self.date_to),
                objective.baseline_value,
                periods.days_between(
                    objective.baseline_date_from, objective.baseline_date_to
                ),
            )
        return None

    # ------------------------------------------------------------------
    # OPERATIONS: daily computation, locking and mailing (cron)
    # ------------------------------------------------------------------

    @api.model
    def _cron_compute_scorecards(self, batch_size=CRON_BATCH_SIZE):
        """Per company with active objectives and chosen periodicity: recompute the
        current period, compute the last closed one, lock closed periods after the
        delay and mail the locked scorecard to the subscribers.

        Idempotent (each step checks what is already done): updates at most
        ``batch_size`` (company, periodicity) pairs per call and reports progress so
        that the scheduler calls it again. A failing pair is rolled back alone,
        logged and left for the next run; it does not use up the batch. A pair
        busy in another transaction (a user recomputing the same scorecard) is
        retried a minute later, in a transaction of its own.
        """
        todo = self._cron_scorecard_work()
        done = tried = 0
        busy = False
        for company, period_type in todo:
            if done >= batch_size:
                break
            tried += 1
            try:
                with self.env.cr.savepoint():
                    company._success_update_scorecards(
                        period_type, company._lifecycle_today()
                    )
                done += 1
            except PG_CONCURRENCY_EXCEPTIONS_TO_RETRY:
                # This transaction's snapshot predates the other one's work:
                # only a new transaction can see it, hence the retry trigger.
                _logger.info(
                    "Scorecards of %s (%s) busy; retried in a minute",
                    company.name,
                    period_type,
                )
                busy = True
            except Exception:  # noqa: BLE001 - one company must not stop the others
                _logger.exception(
                    "Scorecards of %s (%s) failed; retried on the next run",
                    company.name,
                    period_type,
                )
        if busy:
            self.env.ref("crm_success_metrics.ir_cron_compute_scorecards")._trigger(
                fields.Datetime.now() + timedelta(minutes=1)
            )
        self.env["ir.cron"]._notify_progress(done=done, remaining=len(todo) - tried)

    @api.model
    def _cron_scorecard_work(self, today=None):
        """(company, periodicity) pairs with something left to compute, lock or mail
        on ``today``, by default each company's today in its time zone.

        A company whose settings cannot be used (written by SQL behind the
        constraints' back) is skipped with a warning before any date arithmetic
        on them, so that it never stops the other companies.
        """
        groups = self.env["crm.success.objective"]._read_group(
            [], groupby=["company_id"], aggregates=["__count"]
        )
        companies = self.env["res.company"].union(
            *(company for company, _count in groups)
        )
        return [
            (company, period_type)
            for company in companies.sorted("id")
            if self._success_settings_usable(company)
            for period_type in company._success_period_types()
            if company._success_has_scorecard_work(
                period_type, today or company._lifecycle_today()
            )
        ]

    @api.model
    def _success_settings_usable(self, company):
        problem = company._success_settings_problem()
        if problem:
            _logger.warning(
                "Scorecards of %s skipped until its settings are corrected: %s",
                company.name,
                problem,
            )
        return not problem

    def _success_is_stale(self, fresh_after):
        """Not locked and not computed after the date ``fresh_after`` (a day of
        the company's time zone)."""
        self.ensure_one()
        return self.state != "locked" and (
            not self.computed_on
            or local_date(self.computed_on, self.company_id._lifecycle_tz())
            <= fresh_after
        )

    def _send_to_subscribers(self):
        """E-mail locked scorecards (XLSX attached) to their company's subscribers."""
        template = self.env.ref("crm_success_metrics.mail_template_scorecard_locked")
        for scorecard in self:
            template.with_company(scorecard.company_id).send_mail(
                scorecard.id, email_layout_xmlid="mail.mail_notification_light"
            )
            scorecard.sudo().mailed_on = fields.Datetime.now()

    @api.model
    def _demo_compute_scorecards(self, company_id, months):
        """Monthly scorecards of the last closed ``months`` of a demo company; those
        past the lock delay are locked, as the scheduled action would have done."""
        company = self.env["res.company"].browse(company_id)
        today = fields.Date.context_today(self)
        date_from, date_to = periods.previous_period(today, "month")
        for _month in range(months):
            self.compute_period(
                date_from, date_to, company=company, period_type="month"
            )
            date_from, date_to = periods.previous_period(date_from, "month")
        company._success_scorecards_to_lock("month", today).action_lock()
