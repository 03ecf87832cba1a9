# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from ..report.crm_lifecycle_purchase import ORDER_COLUMNS


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Every stored value reaches the database through these two methods,
    # computed ones (the amounts) included, which write() does not see.
    def _create(self, data_list):
        orders = super()._create(data_list)
        self.env["crm.lifecycle.purchase"]._mark_created(
            "order", orders, data_list, "sale"
        )
        return orders

    def _write_multi(self, vals_list):
        written = set().union(*vals_list)
        if written.intersection(ORDER_COLUMNS):
            # a quotation edited is no purchase, before or after
            orders = (
                self
                if "state" in written
                else self.filtered_domain([("state", "=", "sale")])
            )
            self.env["crm.lifecycle.purchase"]._mark_stale("order", orders.ids)
        return super()._write_multi(vals_list)

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
