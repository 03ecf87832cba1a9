# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


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
