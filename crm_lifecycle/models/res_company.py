# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine.lifecycle import Thresholds

THRESHOLD_FIELDS = [
    "lifecycle_churn_days",
    "lifecycle_at_risk_min_days",
    "lifecycle_at_risk_factor",
    "lifecycle_loyal_min_orders",
    "lifecycle_loyal_window_days",
]


class ResCompany(models.Model):
    _inherit = "res.company"

    lifecycle_churn_days = fields.Integer(
        string="Churned After (days)",
        default=365,
        help="A customer who has not purchased for longer than this is churned.",
    )
    lifecycle_at_risk_min_days = fields.Integer(
        string="At Risk After (days)",
        default=90,
        help="A customer is at risk when the days since the last purchase "
        "exceed both this and the at-risk factor times the usual gap.",
    )
    lifecycle_at_risk_factor = fields.Float(
        string="At Risk Factor",
        default=1.5,
        help="Multiple of the customer's average days between purchases.",
    )
    lifecycle_loyal_min_orders = fields.Integer(
        string="Loyal From (purchases)",
        default=4,
        help="Purchases within the loyalty window that make a customer loyal.",
    )
    lifecycle_loyal_window_days = fields.Integer(
        string="Loyalty Window (days)",
        default=365,
    )
    lifecycle_purchase_source = fields.Selection(
        [
            ("sale_order", "Confirmed sale orders"),
            ("invoice", "Posted customer invoices"),
        ],
        string="Purchases Are",
        default="sale_order",
        required=True,
        help="Confirmed sale orders count on their order date, posted "
        "customer invoices on their invoice date.",
    )

    @api.constrains(*THRESHOLD_FIELDS)
    def _check_lifecycle_thresholds(self):
        for company in self:
            if any(company[name] <= 0 for name in THRESHOLD_FIELDS):
                raise ValidationError(
                    _("The customer lifecycle thresholds must be positive numbers.")
                )

    def _lifecycle_thresholds(self):
        """The company's thresholds as the rules engine expects them."""
        self.ensure_one()
        return Thresholds(
            churn_days=self.lifecycle_churn_days,
            at_risk_min_days=self.lifecycle_at_risk_min_days,
            at_risk_factor=self.lifecycle_at_risk_factor,
            loyal_min_orders=self.lifecycle_loyal_min_orders,
            loyal_window_days=self.lifecycle_loyal_window_days,
        )

    # ------------------------------------------------------------------
    # COMPLAINTS (crm_lifecycle peripherals)
    # ------------------------------------------------------------------
    complaint_alert_threshold = fields.Integer(
        default=3,
        help="An employee's manager is alerted when the employee gets at least "
        "this many complaints within 30 days.",
    )

    @api.constrains("complaint_alert_threshold")
    def _check_complaint_alert_threshold(self):
        if any(company.complaint_alert_threshold <= 0 for company in self):
            raise ValidationError(
                _("The complaint alert threshold must be a positive number.")
            )
