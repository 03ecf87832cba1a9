# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..report.crm_lifecycle_purchase import MOVE_COLUMNS

# the entries that can be purchases: customer invoices and credit notes
CUSTOMER_MOVE_TYPES = ("out_invoice", "out_refund")


class AccountMove(models.Model):
    _inherit = "account.move"

    # Every stored value reaches the database through these two methods,
    # computed ones (amounts, payment state) included, which write() does
    # not see.
    def _create(self, data_list):
        moves = super()._create(data_list)
        self.env["crm.lifecycle.purchase"]._mark_created(
            "move", moves, data_list, "posted"
        )
        return moves

    def _write_multi(self, vals_list):
        written = set().union(*vals_list)
        if written.intersection(MOVE_COLUMNS):
            # only customer invoices and credit notes, posted or leaving
            # that state, can be purchases
            domain = [("move_type", "in", CUSTOMER_MOVE_TYPES)]
            if "state" not in written:
                domain.append(("state", "=", "posted"))
            moves = self.filtered_domain(domain)
            self.env["crm.lifecycle.purchase"]._mark_stale("move", moves.ids)
        return super()._write_multi(vals_list)

    def write(self, vals):
        res = super().write(vals)
        if "state" in vals:
            # posting, cancellation, reset to draft
            self._lifecycle_refresh()
        return res

    def _lifecycle_refresh_reconciled(self):
        """After a reconciliation of these customer invoices and credit
        notes, made or undone: a credit note's changes whether the invoice it
        reverses is a purchase (the customers' lifecycle, when invoices are
        the purchases), any changes the customers' payment behaviour (their
        portfolio figures), at once rather than at the next daily run."""
        customers = self.commercial_partner_id
        if not customers:
            return
        if "out_refund" in self.mapped("move_type"):
            self._lifecycle_refresh()
        self.env["crm.lifecycle.portfolio"].sudo()._refresh(customers.ids)

    def _lifecycle_refresh(self):
        """Update the customers' lifecycle when invoices are the purchases."""
        invoices = self.filtered(lambda move: move.move_type in CUSTOMER_MOVE_TYPES)
        invoices.commercial_partner_id._lifecycle_refresh_purchases("invoice")
