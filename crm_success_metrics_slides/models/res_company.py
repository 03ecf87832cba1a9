# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    crm_success_training_channel_ids = fields.Many2many(
        "slide.channel",
        "res_company_crm_success_training_channel_rel",
        "company_id",
        "channel_id",
        string="CRM Training Courses",
        help="The eLearning courses every CRM user of the company should "
        "finish; the Trained CRM Users KPI measures who did.",
    )
