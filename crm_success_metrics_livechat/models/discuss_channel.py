# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class DiscussChannel(models.Model):
    """Each live-chat session is logged as a service contact on the Chat
    channel, created with the session and ended with it: every service KPI
    (channel mix, escalation, speed of answer, topics) reads one log, and
    their drill-downs open one list."""

    _inherit = "discuss.channel"

    crm_service_contact_ids = fields.One2many(
        "crm.service.contact", "livechat_session_id", string="Service Contacts"
    )

    @api.model_create_multi
    def create(self, vals_list):
        channels = super().create(vals_list)
        channels._crm_service_contact_sync()
        return channels

    def write(self, vals):
        result = super().write(vals)
        if vals.get("livechat_active") is False:
            # sudo: the visitor (public user) closes the session
            contacts = self.sudo().crm_service_contact_ids.filtered(
                lambda contact: not contact.ended_at
            )
            contacts.write({"ended_at": fields.Datetime.now()})
        return result

    def _crm_service_contact_sync(self):
        """Create the service contact of the live-chat sessions of ``self``
        that have none (sessions created, or held before this addon)."""
        sessions = self.sudo().filtered(
            lambda channel: (
                channel.channel_type == "livechat"
                and not channel.crm_service_contact_ids
            )
        )
        if sessions:
            # sudo: sessions are opened by website visitors
            self.env["crm.service.contact"].sudo().create(
                [session._crm_service_contact_values() for session in sessions]
            )

    def _crm_service_contact_values(self):
        """The service contact of one session: queued when the session
        opened, answered then when a person (not a chatbot) took it, ended
        when the visitor left; the company is the operator's, the customer
        the visitor's partner when the visitor was logged in."""
        self.ensure_one()
        operator = self.livechat_operator_id.user_ids[:1]
        company = operator.company_id or self.env.company
        visitors = self.channel_member_ids.partner_id - self.livechat_operator_id
        customer = visitors.filtered(
            lambda partner: (
                (not partner.company_id or partner.company_id == company)
                and not any(user._is_public() for user in partner.user_ids)
            )
        )[:1]
        # in whole seconds, as the end written when the visitor leaves
        opened_at = self.create_date.replace(microsecond=0)
        ended_at = False
        if not self.livechat_active:  # its last message, never before it opened
            ended_at = max([opened_at, *self.message_ids.mapped("date")])
        return {
            "livechat_session_id": self.id,
            "external_ref": f"livechat-{self.id}",
            "channel": "chat",
            "direction": "inbound",
            "company_id": company.id,
            "partner_id": customer.id,
            "user_id": operator.id,
            "queued_at": opened_at,
            "answered_at": opened_at if operator else False,
            "ended_at": ended_at,
        }
