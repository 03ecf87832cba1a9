# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class SaleOrder(models.Model):
    _inherit = "sale.order"

    @api.model_create_multi
    def create(self, vals_list):
        orders = super().create(vals_list)
        orders.filtered(lambda order: order.state == "sale")._lifecycle_refresh()
        return orders

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # confirmation, cancellation, back to quotation
            self._lifecycle_refresh()
        return res

    def _lifecycle_refresh(self):
        """Update the customers' lifecycle when orders are the purchases."""
        self.partner_id._lifecycle_refresh_purchases("sale_order")
