# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError


class CrmSuccessBaselineUnlockWizard(models.TransientModel):
    _name = "crm.success.baseline.unlock.wizard"
    _description = "Unlock the Baseline of an Objective"

    objective_id = fields.Many2one(
        "crm.success.objective",
        required=True,
        ondelete="cascade",
        default=lambda self: self.env.context.get("active_id"),
    )
    reason = fields.Text(required=True, help="Posted in the chatter of the objective.")

    @api.constrains("reason")
    def _check_reason(self):
        if any(not (wizard.reason or "").strip() for wizard in self):
            raise ValidationError(self.env._("Say why the baseline must be unlocked."))

    def action_confirm(self):
        self.ensure_one()
        self.objective_id._unlock_baseline(self.reason)
        return {"type": "ir.actions.act_window_close"}
