# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class UtmCampaign(models.Model):
    _inherit = "utm.campaign"

    cost_ids = fields.One2many(
        "crm.campaign.cost",
        "campaign_id",
        string="Costs",
        groups="crm_success_metrics.crm_success_metrics_group_user,"
        "sales_team.group_sale_manager",
    )
