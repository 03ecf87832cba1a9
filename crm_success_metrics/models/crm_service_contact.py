# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError

CHANNELS = [
    ("phone", "Phone"),
    ("chat", "Chat"),
    ("email", "E-mail"),
    ("web_form", "Web form"),
    ("other", "Other"),
]


class CrmServiceContact(models.Model):
    """One contact of the contact centre (a call, a chat, ...), typically
    imported from a telephony export; the source of the service KPIs."""

    _name = "crm.service.contact"
    _description = "Service Contact"
    _order = "queued_at desc, id desc"
    _rec_name = "case_ref"

    channel = fields.Selection(CHANNELS, required=True, default="phone")
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")],
        required=True,
        default="inbound",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index="btree_not_null"
    )
    user_id = fields.Many2one(
        "res.users", string="Agent", default=lambda self: self.env.user
    )
    team_id = fields.Many2one("crm.team")
    queued_at = fields.Datetime(
        string="Queued at",
        required=True,
        index=True,
        help="When the contact entered the queue.",
    )
    answered_at = fields.Datetime(string="Answered at")
    ended_at = fields.Datetime(string="Ended at")
    abandoned = fields.Boolean(help="The customer gave up before being answered.")
    resolved = fields.Boolean(help="The customer's problem was solved by this contact.")
    first_contact_resolution = fields.Boolean(
        help="The problem was solved at the first contact about it."
    )
    case_ref = fields.Char(
        string="Case Reference",
        index="btree_not_null",
        help="Free reference grouping the contacts about the same problem.",
    )
    lead_id = fields.Many2one("crm.lead", index="btree_not_null")
    complaint_id = fields.Many2one("crm.complaint", index="btree_not_null")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    wait_seconds = fields.Float(
        compute="_compute_wait_seconds",
        store=True,
        help="Seconds from queue to answer, or to hang-up for abandoned contacts.",
    )
    handle_seconds = fields.Float(
        compute="_compute_handle_seconds",
        store=True,
        help="Seconds from answer to end of the contact.",
    )

    @api.depends("case_ref", "channel", "queued_at")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for contact in self:
            contact.display_name = contact.case_ref or " ".join(
                filter(
                    None, [channels.get(contact.channel), str(contact.queued_at or "")]
                )
            )

    @api.depends("queued_at", "answered_at", "ended_at", "abandoned")
    def _compute_wait_seconds(self):
        for contact in self:
            end = contact.answered_at or (contact.abandoned and contact.ended_at)
            contact.wait_seconds = (
                (end - contact.queued_at).total_seconds()
                if end and contact.queued_at
                else 0.0
            )

    @api.depends("answered_at", "ended_at")
    def _compute_handle_seconds(self):
        for contact in self:
            contact.handle_seconds = (
                (contact.ended_at - contact.answered_at).total_seconds()
                if contact.answered_at and contact.ended_at
                else 0.0
            )

    @api.constrains("queued_at", "answered_at", "ended_at", "abandoned")
    def _check_timeline(self):
        for contact in self:
            if contact.answered_at and contact.answered_at < contact.queued_at:
                raise ValidationError(
                    self.env._(
                        "A contact cannot be answered (%(answered)s) "
                        "before it was queued (%(queued)s).",
                        answered=contact.answered_at,
                        queued=contact.queued_at,
                    )
                )
            if contact.abandoned and contact.answered_at:
                raise ValidationError(
                    self.env._("A contact cannot be both abandoned and answered.")
                )
            start = contact.answered_at or contact.queued_at
            if contact.ended_at and contact.ended_at < start:
                raise ValidationError(
                    self.env._(
                        "A contact cannot end (%(ended)s) "
                        "before it was queued or answered (%(start)s).",
                        ended=contact.ended_at,
                        start=start,
                    )
                )

    @api.constrains("resolved", "first_contact_resolution")
    def _check_first_contact_resolution(self):
        if any(c.first_contact_resolution and not c.resolved for c in self):
            raise ValidationError(
                self.env._(
                    "A contact resolved at first contact must also be marked resolved."
                )
            )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Service Contacts"),
                "template": "/crm_success_metrics/static/xls/crm_service_contact.xlsx",
            }
        ]
