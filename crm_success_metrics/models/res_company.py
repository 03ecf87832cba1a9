# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import email_normalize

from odoo.addons.crm_lifecycle.engine.bounds import MAX_WINDOW_DAYS
from odoo.addons.crm_lifecycle.tools import bounds_problem, check_bounds

from ..engine import periods
from ..engine.channels import DEFAULT_WINDOW_HOURS

# Settings that feed date arithmetic and KPI thresholds: at most ten years.
SETTINGS_BOUNDS = {
    "success_lock_delay_days": (0, MAX_WINDOW_DAYS),
    "success_complaint_target_hours": (0, MAX_WINDOW_DAYS * 24),
    "crm_success_email_target_hours": (0.0, MAX_WINDOW_DAYS * 24.0),
    "crm_success_service_level_seconds": (0, 24 * 3600),
    "crm_success_escalation_window_hours": (1, MAX_WINDOW_DAYS * 24),
}


class ResCompany(models.Model):
    _inherit = "res.company"

    success_complaint_target_hours = fields.Integer(
        string="Complaint Resolution Target (hours)",
        default=48,
        help="A complaint resolved within this many hours is resolved in target.",
    )
    crm_success_nps_question_id = fields.Many2one(
        "survey.question",
        string="NPS Question",
        help="A scale question from 0 to 10: how likely are you to recommend us?",
    )
    crm_success_nps_advocate = fields.Boolean(
        string="Promoters are advocates",
        default=True,
        help="A loyal customer whose latest answer to the NPS question is 9 or 10 "
        "is an advocate, as if a customer it referred had bought.",
    )
    crm_success_csat_question_id = fields.Many2one(
        "survey.question",
        string="CSAT Question",
        help="A scale question from 1 to 5: how satisfied are you?",
    )
    crm_success_service_level_seconds = fields.Integer(
        string="Service Level Target (seconds)",
        default=20,
        help="Inbound contacts answered within this many seconds meet the "
        "service level.",
    )
    crm_success_email_target_hours = fields.Float(
        string="E-mail Response Target (hours)",
        default=24.0,
        help="Customer e-mails answered within this many hours meet the target.",
    )
    crm_success_escalation_window_hours = fields.Integer(
        string="Escalation Window (hours)",
        default=DEFAULT_WINDOW_HOURS,
        help="A self-service, chat or web form contact followed within this "
        "many hours by a phone, e-mail or in-person contact of the same "
        "customer is escalated.",
    )

    success_period_month = fields.Boolean(
        string="Monthly Scorecards",
        default=True,
        help="The scheduled action computes, locks and mails monthly scorecards.",
    )
    success_period_quarter = fields.Boolean(string="Quarterly Scorecards")
    success_period_year = fields.Boolean(string="Yearly Scorecards")
    success_lock_delay_days = fields.Integer(
        string="Scorecard Lock Delay (days)",
        default=10,
        help="Days after the end of a period before its scorecard is recomputed "
        "a last time, locked and mailed (late orders and corrections still count).",
    )
    success_subscriber_ids = fields.Many2many(
        "res.users",
        "res_company_crm_success_subscriber_rel",
        "company_id",
        "user_id",
        string="Scorecard Subscribers",
        domain=[("share", "=", False)],
        help="Internal users who receive each locked scorecard by e-mail.",
    )
    success_subscriber_emails = fields.Char(
        string="Other Scorecard Recipients",
        help="Comma-separated e-mail addresses that also receive locked scorecards.",
    )

    @api.constrains(*SETTINGS_BOUNDS)
    def _check_success_settings_bounds(self):
        check_bounds(self, SETTINGS_BOUNDS)

    @api.constrains("success_subscriber_emails")
    def _check_success_subscriber_emails(self):
        for company in self.filtered("success_subscriber_emails"):
            invalid = [
                email
                for email in company.success_subscriber_emails.split(",")
                if email.strip() and not email_normalize(email.strip())
            ]
            if invalid:
                raise ValidationError(
                    self.env._(
                        "These scorecard recipients are not valid e-mail addresses: %s",
                        ", ".join(invalid),
                    )
                )

    # ------------------------------------------------------------------
    # SCHEDULED SCORECARDS (see crm.success.scorecard._cron_compute_scorecards)
    # ------------------------------------------------------------------

    def _success_settings_problem(self):
        """Why the settings cannot be used (see SETTINGS_BOUNDS), or None."""
        self.ensure_one()
        return bounds_problem(self, SETTINGS_BOUNDS)

    def _success_period_types(self):
        """The periodicities chosen in the settings, e.g. ``["month", "year"]``."""
        self.ensure_one()
        return [
            period_type
            for period_type in ("month", "quarter", "year")
            if self[f"success_period_{period_type}"]
        ]

    def _success_periods_to_compute(self, period_type, today):
        """Current and last closed period, when their scorecard is missing or stale.

        The current period is recomputed once a day; the last closed one until it
        has been computed after its end. Locked scorecards are never touched.
        """
        self.ensure_one()
        current = periods.period_bounds(today, period_type)
        last_closed = periods.previous_period(today, period_type)
        scorecards = self.env["crm.success.scorecard"].search(
            [
                ("company_id", "=", self.id),
                ("date_from", "in", [current[0], last_closed[0]]),
            ]
        )
        existing = {(s.date_from, s.date_to): s for s in scorecards}
        todo = []
        yesterday = today - timedelta(days=1)
        for bounds, fresh_after in (
            (current, yesterday),
            (last_closed, last_closed[1]),
        ):
            scorecard = existing.get(bounds)
            if not scorecard or scorecard._success_is_stale(fresh_after):
                todo.append(bounds)
        return todo

    def _success_scorecards_to_lock(self, period_type, today):
        """Unlocked scorecards of closed periods whose lock delay has passed."""
        self.ensure_one()
        return self.env["crm.success.scorecard"].search(
            [
                ("company_id", "=", self.id),
                ("period_type", "=", period_type),
                ("state", "!=", "locked"),
                ("date_to", "<", today - timedelta(days=self.success_lock_delay_days)),
            ],
            order="date_from",
        )

    def _success_scorecard_to_mail(self, period_type):
        """The latest locked scorecard, unless already mailed or nobody subscribed.

        Only the latest one: subscribing later does not flood the mailbox with
        the whole history.
        """
        self.ensure_one()
        if not (self.success_subscriber_ids or self.success_subscriber_emails):
            return self.env["crm.success.scorecard"]
        latest = self.env["crm.success.scorecard"].search(
            [
                ("company_id", "=", self.id),
                ("period_type", "=", period_type),
                ("state", "=", "locked"),
            ],
            order="date_from desc",
            limit=1,
        )
        return latest.filtered(lambda s: not s.mailed_on)

    def _success_has_scorecard_work(self, period_type, today):
        return bool(
            self._success_periods_to_compute(period_type, today)
            or self._success_scorecards_to_lock(period_type, today)
            or self._success_scorecard_to_mail(period_type)
        )

    def _success_update_scorecards(self, period_type, today):
        """Bring the scorecards of one periodicity up to date: compute, lock, mail."""
        self.ensure_one()
        Scorecard = self.env["crm.success.scorecard"]
        for date_from, date_to in self._success_periods_to_compute(period_type, today):
            Scorecard.compute_period(
                date_from, date_to, company=self, period_type=period_type
            )
        to_lock = self._success_scorecards_to_lock(period_type, today)
        # A closed period is computed a last time after its end, then frozen.
        to_lock.filtered(lambda s: s._success_is_stale(s.date_to)).action_compute()
        to_lock.action_lock()
        self._success_scorecard_to_mail(period_type)._send_to_subscribers()
