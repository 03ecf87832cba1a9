# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    crm_success_nps_question_id = fields.Many2one(
        related="company_id.crm_success_nps_question_id", readonly=False
    )
    crm_success_nps_advocate = fields.Boolean(
        related="company_id.crm_success_nps_advocate", readonly=False
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
    crm_success_escalation_window_hours = fields.Integer(
        related="company_id.crm_success_escalation_window_hours", readonly=False
    )
    success_period_month = fields.Boolean(
        related="company_id.success_period_month", readonly=False
    )
    success_period_quarter = fields.Boolean(
        related="company_id.success_period_quarter", readonly=False
    )
    success_period_year = fields.Boolean(
        related="company_id.success_period_year", readonly=False
    )
    success_lock_delay_days = fields.Integer(
        related="company_id.success_lock_delay_days", readonly=False
    )
    success_subscriber_ids = fields.Many2many(
        related="company_id.success_subscriber_ids", readonly=False
    )
    success_subscriber_emails = fields.Char(
        related="company_id.success_subscriber_emails", readonly=False
    )
    success_complaint_target_hours = fields.Integer(
        related="company_id.success_complaint_target_hours", readonly=False
    )
