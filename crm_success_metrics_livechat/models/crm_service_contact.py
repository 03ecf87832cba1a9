# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmServiceContact(models.Model):
    _inherit = "crm.service.contact"

    livechat_session_id = fields.Many2one(
        "discuss.channel",
        string="Live Chat Session",
        index="btree_not_null",
        ondelete="set null",
        readonly=True,
        help="The live-chat session this contact records (one contact per "
        "session, created with it).",
    )
