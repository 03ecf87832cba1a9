# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResConfigSettings(models.TransientModel):
    _inherit = "res.config.settings"

    lifecycle_churn_days = fields.Integer(
        related="company_id.lifecycle_churn_days", readonly=False
    )
    lifecycle_at_risk_min_days = fields.Integer(
        related="company_id.lifecycle_at_risk_min_days", readonly=False
    )
    lifecycle_at_risk_factor = fields.Float(
        related="company_id.lifecycle_at_risk_factor", readonly=False
    )
    lifecycle_loyal_min_orders = fields.Integer(
        related="company_id.lifecycle_loyal_min_orders", readonly=False
    )
    lifecycle_loyal_window_days = fields.Integer(
        related="company_id.lifecycle_loyal_window_days", readonly=False
    )
    lifecycle_purchase_source = fields.Selection(
        related="company_id.lifecycle_purchase_source", readonly=False
    )
    lifecycle_tz = fields.Selection(related="company_id.lifecycle_tz", readonly=False)

    # ------------------------------------------------------------------
    # INTIMACY (crm_lifecycle peripherals)
    # ------------------------------------------------------------------
    lifecycle_winback_reminder = fields.Boolean(
        related="company_id.lifecycle_winback_reminder", readonly=False
    )
    lifecycle_winback_delay_days = fields.Integer(
        related="company_id.lifecycle_winback_delay_days", readonly=False
    )
    lifecycle_winback_activity_type_id = fields.Many2one(
        related="company_id.lifecycle_winback_activity_type_id", readonly=False
    )

    # ------------------------------------------------------------------
    # COMPLAINTS (crm_lifecycle peripherals)
    # ------------------------------------------------------------------
    complaint_alert_threshold = fields.Integer(
        related="company_id.complaint_alert_threshold", readonly=False
    )
