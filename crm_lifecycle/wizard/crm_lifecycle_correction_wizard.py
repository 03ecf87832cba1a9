# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import dataclasses

from markupsafe import Markup

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import format_date

from ..engine.customer import HistoryRow
from ..engine.lifecycle import manual_transition_allowed
from ..models.crm_lifecycle_history import MANUAL
from .crm_lifecycle_maintenance_wizard import MANAGER_GROUP


class CrmLifecycleCorrectionWizard(models.TransientModel):
    """A lifecycle manager records a stage change the facts cannot show.

    The row is appended to the customer's history with reason *Manual
    Correction* and the note, and logged in the customer's chatter. The
    customer's stage stays the one the rules compute from the facts; the
    figures read from the history (e.g. the stage counts of the KPIs at a
    date) take the correction into account until the next transition.
    """

    _name = "crm.lifecycle.correction.wizard"
    _description = "Customer Lifecycle Manual Correction"

    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        readonly=True,
        default=lambda self: self._default_partner_id(),
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    stage_from_id = fields.Many2one(
        "crm.lifecycle.stage",
        string="Stage Then",
        compute="_compute_stage_from_id",
        help="The customer's stage on that date, as its history says.",
    )
    stage_to_id = fields.Many2one(
        "crm.lifecycle.stage", string="New Stage", required=True
    )
    note = fields.Text(required=True, help="Why: kept in the history and the chatter.")

    def _default_partner_id(self):
        context = self.env.context
        if context.get("active_model") == "res.partner" and context.get("active_id"):
            partner = self.env["res.partner"].browse(context["active_id"])
            return partner.commercial_partner_id
        return False

    @api.depends("partner_id", "date")
    def _compute_stage_from_id(self):
        history = self.env["crm.lifecycle.history"]
        for wizard in self:
            last = history.search(
                [
                    ("partner_id", "=", wizard.partner_id.id),
                    ("date", "<=", wizard.date),
                ],
                order="date desc, id desc",
                limit=1,
            )
            wizard.stage_from_id = last.stage_to_id

    def action_confirm(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(_("Only lifecycle managers can correct the lifecycle."))
        partner = self.partner_id
        partner.check_access("read")  # a customer of the user's companies
        self._check_correction()
        row = HistoryRow(
            partner.id,
            self.stage_from_id.id or None,
            self.stage_to_id.id,
            self.date,
            MANUAL,
        )
        history = self.env["crm.lifecycle.history"].sudo()
        history.create({**dataclasses.asdict(row), "note": self.note.strip()})
        # the chatter says what the history row holds (see _change_text)
        stages = {stage.id: stage for stage in self.stage_from_id | self.stage_to_id}
        partner._message_log(
            body=Markup("<p>%s</p><p>%s</p>")
            % (
                history._change_text(row, stages, format_date(self.env, self.date)),
                self.note.strip(),
            )
        )
        return {"type": "ir.actions.act_window_close"}

    def _check_correction(self):
        """Refuse what a person may not record (see the readme)."""
        partner = self.partner_id
        if partner.commercial_partner_id != partner:
            raise UserError(_("Correct the lifecycle of the contact's company."))
        if not (self.note or "").strip():
            raise UserError(_("Explain the correction in the note."))
        if self.date > fields.Date.context_today(self):
            raise UserError(_("A correction cannot be dated in the future."))
        existed = self._customer_since()
        if self.date < existed:
            raise UserError(
                _(
                    "%(partner)s did not exist before %(date)s: a correction "
                    "cannot be dated earlier.",
                    partner=partner.display_name,
                    date=format_date(self.env, existed),
                )
            )
        if not manual_transition_allowed(
            self.stage_from_id.code or None, self.stage_to_id.code
        ):
            raise UserError(
                _(
                    "A move from %(stage_from)s to %(stage_to)s cannot be recorded "
                    "by hand: it follows from purchases and time. By hand: no "
                    "stage → Prospect, Loyal ↔ Advocate, a customer → Churned.",
                    stage_from=self.stage_from_id.name or _("no stage"),
                    stage_to=self.stage_to_id.name,
                )
            )

    def _customer_since(self):
        """The first day the customer existed: the day it was created, or its
        first purchase when that is older (customers imported with their past
        orders were created after them)."""
        partner = self.partner_id
        created = fields.Date.context_today(self, partner.create_date)
        first_order = partner.first_order_date
        return min(created, first_order) if first_order else created
