# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models


class CrmLead(models.Model):
    _inherit = "crm.lead"

    referred_by_id = fields.Many2one(
        "res.partner",
        string="Referred By (Customer)",
        index="btree_not_null",
        help="Customer who recommended us; copied to the customer, whose "
        "referrals and advocacy the lifecycle counts.",
    )
    acquisition_channel_id = fields.Many2one(
        "crm.acquisition.channel",
        index="btree_not_null",
        help="How did this contact hear about us (word of mouth, trade show, "
        "web search…)? Copied to the customer for the lifecycle KPIs. Not a "
        "UTM campaign: Campaign, Medium and Source track the marketing action "
        "(link, mailing) that brought the lead.",
    )

    @api.model_create_multi
    def create(self, vals_list):
        leads = super().create(vals_list)
        leads._lifecycle_copy_to_customer()
        return leads

    def write(self, vals):
        res = super().write(vals)
        if {"partner_id", "referred_by_id", "acquisition_channel_id"} & set(vals):
            self._lifecycle_copy_to_customer()
        return res

    def _lifecycle_copy_to_customer(self):
        """Give the customer the lead's referrer and channel, unless it
        already has them."""
        for lead in self.filtered("partner_id"):
            customer = lead.partner_id.commercial_partner_id
            vals = {}
            if lead.referred_by_id and not customer.referred_by_id:
                vals["referred_by_id"] = lead.referred_by_id.id
            if lead.acquisition_channel_id and not customer.acquisition_channel_id:
                vals["acquisition_channel_id"] = lead.acquisition_channel_id.id
            if vals:
                customer.write(vals)
