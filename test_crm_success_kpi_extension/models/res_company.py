# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    kpi_revenue_in_thousands = fields.Boolean(
        "Sales Revenue in Thousands",
        help="The Sales Revenue KPI is shown in thousands of the company currency.",
    )
