# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmSuccessKpi(models.Model):
    _name = "crm.success.kpi"
    _description = "CRM Success KPI"
    _order = "perspective, sequence, id"

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        string="Definition", translate=True, help="The exact formula, shown to users."
    )
    perspective = fields.Selection(
        [
            ("financial", "Financial"),
            ("customer", "Customer"),
            ("process", "Internal Process"),
            ("people", "People"),
        ],
        required=True,
        default="customer",
    )
    unit = fields.Selection(
        [
            ("count", "Count"),
            ("currency", "Currency"),
            ("percent", "Percent"),
            ("days", "Days"),
            ("hours", "Hours"),
            ("seconds", "Seconds"),
            ("score", "Score"),
        ],
        required=True,
        default="count",
    )
    direction = fields.Selection(
        [("up", "Higher is better"), ("down", "Lower is better")],
        required=True,
        default="up",
    )
    kind = fields.Selection(
        [
            ("flow", "Flow (summed over the period)"),
            ("stock", "Stock (measured at period end)"),
            ("ratio", "Ratio (numerator / denominator)"),
        ],
        required=True,
        default="flow",
    )
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a KPI must be unique."),
    ]
