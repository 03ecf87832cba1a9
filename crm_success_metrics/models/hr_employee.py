# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    hire_date = fields.Date(
        required=True,
        default=fields.Date.context_today,
        index=True,
        groups="hr.group_hr_user",
        tracking=True,
        help="First working day; with the departure date it drives the headcount "
        "and turnover KPIs.",
    )
