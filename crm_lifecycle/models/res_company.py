# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from typing import NamedTuple

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


class LifecycleSettings(NamedTuple):
    """What the lifecycle of a company's customers is computed with."""

    thresholds: Thresholds
    purchase_source: str
    # converts amounts in the lifecycle currency (the default company's, see
    # _lifecycle_default_company) into this company's currency
    rate: float


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

    @api.model
    def _lifecycle_default_company(self):
        """The company whose settings and currency apply to the customers
        shared between companies: the main company."""
        # the xmlid lookup is cached, unlike env.ref() which reads the record
        main_id = self.env["ir.model.data"]._xmlid_to_res_id(
            "base.main_company", raise_if_not_found=False
        )
        companies = self.sudo()
        return companies.browse(main_id) if main_id else companies.search([], limit=1)

    @api.model
    def _lifecycle_companies(self):
        """Every company, archived ones too: a customer's lifecycle does not
        depend on who recomputes it, it counts its purchases in all of them."""
        return self.sudo().with_context(active_test=False).search([])

    def _lifecycle_settings(self):
        """{company id: LifecycleSettings} of these companies: a customer's
        lifecycle uses its company's, or the default company's when it is
        shared between companies."""
        default = self._lifecycle_default_company()
        today = fields.Date.context_today(self)
        return {
            company.id: LifecycleSettings(
                company._lifecycle_thresholds(),
                company.lifecycle_purchase_source,
                default.currency_id._get_conversion_rate(
                    default.currency_id, company.currency_id, company, today
                ),
            )
            for company in self
        }

    def _lifecycle_currency_table(self):
        """Currency table (see ``res.currency._get_simple_currency_table``)
        converting these companies' currencies into the lifecycle currency."""
        default = self._lifecycle_default_company()
        currencies = self.env["res.currency"].with_company(default)
        return currencies._get_simple_currency_table(self)

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
