# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

# the columns a purchase is derived from (see crm.lifecycle.purchase)
PURCHASE_COLUMNS = {
    "state",
    "partner_id",
    "date_order",
    "amount_untaxed",
    "currency_rate",
    "company_id",
}


class SaleOrder(models.Model):
    _inherit = "sale.order"

    # Every stored value reaches the database through these two methods,
    # computed ones (the amounts) included, which write() does not see.
    def _create(self, data_list):
        orders = super()._create(data_list)
        confirmed = [
            order.id
            for order, data in zip(orders, data_list, strict=True)
            if data["stored"].get("state") == "sale"
        ]
        self.env["crm.lifecycle.purchase"]._mark_stale("order", confirmed)
        return orders

    def _write_multi(self, vals_list):
        written = set().union(*vals_list)
        if PURCHASE_COLUMNS & written:
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
