# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class ResCompany(models.Model):
    _inherit = "res.company"

    success_complaint_target_hours = fields.Integer(
        string="Complaint Resolution Target (hours)",
        default=48,
        help="A complaint resolved within this many hours is resolved in target.",
    )
