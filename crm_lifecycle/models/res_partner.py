# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

# Lifecycle figures are written in bulk by the recompute (see
# ``_lifecycle_recompute``) on the commercial partner and all its contacts, so
# contacts show their company's values.
LIFECYCLE_FIGURES = [
    "lifecycle_stage_id",
    "lifecycle_stage_date",
    "first_order_date",
    "last_order_date",
    "order_count",
    "lifetime_revenue",
    "avg_days_between_orders",
    "next_expected_order_date",
    "referral_count",
    "referred_revenue",
]


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # LIFECYCLE (crm_lifecycle core)
    # ------------------------------------------------------------------
    lifecycle_stage_id = fields.Many2one(
        "crm.lifecycle.stage",
        string="Lifecycle Stage",
        index=True,
        tracking=True,
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    lifecycle_stage_date = fields.Date(
        string="In Stage Since", readonly=True, copy=False
    )
    lifecycle_stage_code = fields.Char(related="lifecycle_stage_id.code")
    lifecycle_history_ids = fields.One2many(
        "crm.lifecycle.history", "partner_id", string="Lifecycle History"
    )
    first_order_date = fields.Date(readonly=True, copy=False)
    last_order_date = fields.Date(readonly=True, copy=False)
    order_count = fields.Integer(
        string="Purchases", readonly=True, copy=False, help="Number of purchases."
    )
    lifetime_revenue = fields.Monetary(
        currency_field="lifecycle_currency_id",
        readonly=True,
        copy=False,
        help="Untaxed amount of all purchases, in the company currency.",
    )
    lifecycle_currency_id = fields.Many2one(
        "res.currency", compute="_compute_lifecycle_currency_id"
    )
    avg_days_between_orders = fields.Float(
        string="Average Days Between Purchases", readonly=True, copy=False
    )
    next_expected_order_date = fields.Date(
        string="Next Expected Purchase", readonly=True, copy=False
    )
    # Referrals and channel are commercial fields (see _commercial_fields).
    referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By",
        index="btree_not_null",
        domain="[('id', '!=', id)]",
        help="Customer who recommended this one.",
    )
    referral_ids = fields.One2many(
        "res.partner",
        "referred_by_id",
        string="Referrals",
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
    )
    referral_count = fields.Integer(
        readonly=True, copy=False, help="Referred customers who bought."
    )
    referred_revenue = fields.Monetary(
        currency_field="lifecycle_currency_id",
        readonly=True,
        copy=False,
        help="Lifetime revenue of the referred customers.",
    )
    acquisition_channel_id = fields.Many2one(
        "crm.acquisition.channel",
        string="Acquisition Channel",
        index="btree_not_null",
        help="How did this customer hear about us?",
    )

    def _compute_lifecycle_currency_id(self):
        self.lifecycle_currency_id = self.env.company.currency_id

    @api.constrains("referred_by_id")
    def _check_referred_by_id(self):
        for partner in self.filtered("referred_by_id"):
            own = partner.commercial_partner_id
            referrer = partner.referred_by_id.commercial_partner_id
            seen = set()
            while referrer and referrer.id not in seen:
                if referrer == own:
                    raise ValidationError(
                        _(
                            "%(partner)s cannot be referred by %(referrer)s: a "
                            "customer cannot refer itself, directly or through "
                            "a chain of referrals.",
                            partner=partner.display_name,
                            referrer=partner.referred_by_id.display_name,
                        )
                    )
                seen.add(referrer.id)
                referrer = referrer.referred_by_id.commercial_partner_id

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "referred_by_id",
            "acquisition_channel_id",
        ]
