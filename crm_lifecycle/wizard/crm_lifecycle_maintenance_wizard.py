# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..models.crm_lifecycle_history import MANUAL

MANAGER_GROUP = "crm_lifecycle.crm_lifecycle_group_manager"


class CrmLifecycleMaintenanceWizard(models.TransientModel):
    """The lifecycle managers' way to run the full recompute or the history
    rebuild, which are private methods running as superuser."""

    _name = "crm.lifecycle.maintenance.wizard"
    _description = "Customer Lifecycle Maintenance"

    operation = fields.Selection(
        [
            ("recompute", "Recompute every customer"),
            ("rebuild", "Rebuild the history"),
        ],
        required=True,
        default="recompute",
    )
    customer_count = fields.Integer(
        compute="_compute_counts", help="Customers with a lifecycle stage."
    )
    manual_count = fields.Integer(
        compute="_compute_counts",
        help="Manual corrections in the history (kept by the rebuild).",
    )

    @api.depends("operation")
    def _compute_counts(self):
        # the run covers the customers of every company (a customer's
        # lifecycle counts its purchases in all of them): so do the counts
        (customers,) = self.env.execute_query(
            SQL(
                "SELECT count(*) FROM res_partner "
                "WHERE id = commercial_partner_id AND lifecycle_stage_id IS NOT NULL"
            )
        )[0]
        (manual,) = self.env.execute_query(
            SQL("SELECT count(*) FROM crm_lifecycle_history WHERE reason = %s", MANUAL)
        )[0]
        for wizard in self:
            wizard.customer_count = customers
            wizard.manual_count = manual

    def action_run(self):
        self.ensure_one()
        if not self.env.user.has_group(MANAGER_GROUP):
            raise AccessError(
                _("Only lifecycle managers can recompute or rebuild the lifecycle.")
            )
        if self.operation == "rebuild":
            self.env["crm.lifecycle.history"]._rebuild()
            message = _("The lifecycle history was rebuilt.")
        else:
            self.env["res.partner"]._lifecycle_recompute_all()
            message = _("Every customer's lifecycle was recomputed.")
        return {
            "type": "ir.actions.client",
            "tag": "display_notification",
            "params": {
                "message": message,
                "type": "success",
                "next": {"type": "ir.actions.act_window_close"},
            },
        }
