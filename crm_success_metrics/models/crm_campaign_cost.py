# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmCampaignCost(models.Model):
    """What a company spent on a marketing campaign, on a day: the cost the
    campaign return analysis and KPIs divide by (see readme/USAGE.md,
    *Campaign return*, for why it is entered here rather than read from the
    journal items)."""

    _name = "crm.campaign.cost"
    _inherit = ["crm.lifecycle.company.guard.mixin", "crm.success.finite.mixin"]
    _description = "Campaign Cost"
    _order = "date desc, id desc"
    _check_company_auto = True

    campaign_id = fields.Many2one(
        "utm.campaign", required=True, index=True, ondelete="cascade"
    )
    date = fields.Date(required=True, default=fields.Date.context_today)
    amount = fields.Monetary(required=True, currency_field="currency_id")
    name = fields.Char(string="Description")
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_finite_amount(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_finite_amount(vals)
        return super().write(vals)

    def _check_finite_amount(self, vals):
        """Refuse a NaN or infinite amount in words, before the currency
        rounds it: rounding fails on it with a ValueError, not a message."""
        amount = vals.get("amount")
        if isinstance(amount, float) and not math.isfinite(amount):
            raise ValidationError(
                self.env._("A campaign cost must be a finite amount.")
            )

    @api.constrains("amount")
    def _check_amount(self):
        negative = self.filtered(lambda cost: cost.amount < 0)
        if negative:
            raise ValidationError(
                self.env._(
                    "A campaign cost cannot be negative (%(campaigns)s): enter "
                    "what was spent, and correct a cost by changing its line.",
                    campaigns=", ".join(negative.campaign_id.mapped("title")),
                )
            )

    # ------------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------------
    @api.model
    def _demo_campaigns(self, months):
        """Two campaigns over the last ``months`` closed months of the main
        company: the orders of two in five of its new customers (their first
        purchase) and one in two of its leads of the period carry one of
        them, and each campaign costs a little each month."""
        company = self.env.ref("base.main_company")
        first_of_month = fields.Date.context_today(self).replace(day=1)
        since = first_of_month - relativedelta(months=months)
        campaigns = [
            (
                self.env.ref("utm.utm_campaign_fall_drive"),
                self.env.ref("utm.utm_source_facebook"),
                self.env.ref("utm.utm_medium_banner"),
                900.0,
            ),
            (
                self.env.ref("utm.utm_campaign_christmas_special"),
                self.env.ref("utm.utm_source_newsletter"),
                self.env.ref("utm.utm_medium_email"),
                600.0,
            ),
        ]
        firsts = self.env["crm.lifecycle.purchase"].search(
            [
                ("company_id", "=", company.id),
                ("is_purchase", "=", True),
                ("previous_date", "=", False),
                ("order_id", "!=", False),
                ("date", ">=", since),
            ],
            order="date, id",
        )
        leads = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search(
                [
                    ("company_id", "in", (company.id, False)),
                    ("create_date", ">=", since),
                ],
                order="create_date, id",
            )
        )
        for index, (campaign, source, medium, monthly) in enumerate(campaigns):
            utm = {
                "campaign_id": campaign.id,
                "source_id": source.id,
                "medium_id": medium.id,
            }
            firsts.filtered(
                lambda row, index=index: row.id % 5 == index
            ).order_id.write(utm)
            leads[index::2].write(utm)
            self.create(
                [
                    {
                        "campaign_id": campaign.id,
                        "company_id": company.id,
                        "date": since + relativedelta(months=back, days=4),
                        "amount": monthly + 50.0 * (back % 3),
                        "name": campaign.title,
                    }
                    for back in range(months)
                ]
            )
