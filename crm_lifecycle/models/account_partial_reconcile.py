# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models


class AccountPartialReconcile(models.Model):
    _inherit = "account.partial.reconcile"

    @api.model_create_multi
    def create(self, vals_list):
        partials = super().create(vals_list)
        partials._lifecycle_credit_note_invoices()._lifecycle_refresh()
        return partials

    def unlink(self):
        invoices = self._lifecycle_credit_note_invoices()
        res = super().unlink()
        invoices._lifecycle_refresh()
        return res

    def _lifecycle_credit_note_invoices(self):
        """The customer invoices and credit notes of reconciliations that
        involve a credit note: a full reversal, or its undoing, changes
        whether the invoice is a purchase (see ``payment_state``)."""
        moves = (self.debit_move_id | self.credit_move_id).move_id
        if "out_refund" not in moves.mapped("move_type"):
            return moves.browse()
        return moves
