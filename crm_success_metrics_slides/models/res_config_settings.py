# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_success_training_channel_ids = fields.Many2many(
        related="company_id.crm_success_training_channel_ids", readonly=False
    )
