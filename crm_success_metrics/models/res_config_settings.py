# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_success_nps_question_id = fields.Many2one(
        related="company_id.crm_success_nps_question_id", readonly=False
    )
    crm_success_csat_question_id = fields.Many2one(
        related="company_id.crm_success_csat_question_id", readonly=False
    )
    crm_success_service_level_seconds = fields.Integer(
        related="company_id.crm_success_service_level_seconds", readonly=False
    )
    crm_success_email_target_hours = fields.Float(
        related="company_id.crm_success_email_target_hours", readonly=False
    )
