# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, fields, models
from odoo.exceptions import AccessError

REASONS = [
    ("order", "Sale Order"),
    ("invoice", "Invoice"),
    ("inactivity", "Inactivity"),
    ("referral", "Referral"),
    ("manual", "Manual"),
    ("rebuild", "Rebuild"),
]


class CrmLifecycleHistory(models.Model):
    """Append-only log of lifecycle stage changes of commercial partners."""

    _name = "crm.lifecycle.history"
    _description = "Customer Lifecycle History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="cascade"
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True)
    stage_from_id = fields.Many2one("crm.lifecycle.stage", string="From Stage")
    stage_to_id = fields.Many2one("crm.lifecycle.stage", string="To Stage")
    date = fields.Date(required=True, index=True)
    reason = fields.Selection(REASONS, required=True)
    order_id = fields.Many2one(
        "sale.order", string="Sale Order", index="btree_not_null"
    )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    def write(self, vals):
        self._check_system_user()
        return super().write(vals)

    def unlink(self):
        self._check_system_user()
        return super().unlink()

    def _check_system_user(self):
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            raise AccessError(
                _(
                    "The lifecycle history is append-only: only the system "
                    "administrator can change or delete its entries."
                )
            )
