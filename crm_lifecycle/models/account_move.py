# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class AccountMove(models.Model):
    _inherit = "account.move"

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # posting, cancellation, reset to draft
            self._lifecycle_refresh()
        return res

    def _lifecycle_refresh(self):
        """Update the customers' lifecycle when invoices are the purchases."""
        invoices = self.filtered(
            lambda move: move.move_type in ("out_invoice", "out_refund")
        )
        invoices.commercial_partner_id._lifecycle_refresh_purchases("invoice")
