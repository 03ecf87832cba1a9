# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class CrmLifecyclePurchaseStale(models.Model):
    """The records whose purchases must be derived again (see
    ``crm.lifecycle.purchase._mark_stale``): a queue in the database, so that
    a mark and the change it notes are committed or rolled back together,
    whatever savepoints come between them and the read that applies it.

    Written and emptied in SQL by ``crm.lifecycle.purchase`` only.
    """

    _name = "crm.lifecycle.purchase.stale"
    _description = "Customer Purchase to Derive Again"
    _log_access = False

    kind = fields.Selection(
        [
            ("order", "Sales Order"),
            ("move", "Journal Entry"),
            ("partner", "Partner"),
            ("all", "Company (every purchase)"),
        ],
        required=True,
    )
    res_id = fields.Integer(string="Record ID", required=True)
