# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models

from .account_move import CUSTOMER_MOVE_TYPES


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._lifecycle_customer_entries()._lifecycle_refresh_reconciled()
        return partials

    def unlink(self):
        entries = self._lifecycle_customer_entries()
        res = super().unlink()
        entries._lifecycle_refresh_reconciled()
        return res

    def _lifecycle_customer_entries(self):
        """The customer invoices and credit notes these reconciliations
        involve (a payment, a credit note)."""
        moves = (self.debit_move_id | self.credit_move_id).move_id
        return moves.filtered(lambda move: move.move_type in CUSTOMER_MOVE_TYPES)
