# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmServiceTopic(models.Model):
    """What a service contact is about: a question of the FAQ, a kind of
    problem. Tagged on the contacts (``crm.service.contact.topic_ids``), it
    feeds the *Top Topics* analysis (``crm.service.topic.report``): which
    questions customers ask most, on which channels."""

    _name = "crm.service.topic"
    _inherit = ["crm.lifecycle.company.guard.mixin", "crm.lifecycle.text.guard.mixin"]
    _description = "Service Topic"
    _order = "sequence, name, id"

    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    active = fields.Boolean(default=True)
    color = fields.Integer()
    faq_url = fields.Char(
        string="FAQ Page",
        help="The self-service page answering this topic, if there is one.",
    )
    company_id = fields.Many2one(
        "res.company",
        index=True,
        default=lambda self: self.env.company,
        help="Leave empty to share the topic between the companies.",
    )

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(name, company_id)",
            "A topic with this name already exists in this company.",
        ),
    ]
