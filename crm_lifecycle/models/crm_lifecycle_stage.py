# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError

from ..engine.lifecycle import STAGE_CODES


class CrmLifecycleStage(models.Model):
    _name = "crm.lifecycle.stage"
    _description = "Customer Lifecycle Stage"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(
        required=True,
        help="Technical code used by the lifecycle rules (prospect, new, repeat, "
        "loyal, advocate, at_risk, churned).",
    )
    sequence = fields.Integer(default=10)
    fold = fields.Boolean(help="Folded in kanban views grouped by stage.")
    description = fields.Text(translate=True)
    color = fields.Integer()

    _sql_constraints = [
        (
            "code_unique",
            "unique(code)",
            "The code of a lifecycle stage must be unique.",
        ),
    ]

    def write(self, vals):
        if "code" in vals:
            recoded = self.filtered(
                lambda stage: stage.code in STAGE_CODES and stage.code != vals["code"]
            )
            if recoded:
                raise ValidationError(self._rules_stages_message(recoded))
        return super().write(vals)

    def _rules_stages_message(self, stages):
        return _(
            "The lifecycle rules move customers to %(stages)s by their codes: "
            "rename them or change their description, never their code, and "
            "keep them.",
            stages=", ".join(stages.mapped("name")),
        )

    @api.ondelete(at_uninstall=False)
    def _unlink_except_rules_stages(self):
        ruled = self.filtered(lambda stage: stage.code in STAGE_CODES)
        if ruled:
            raise ValidationError(self._rules_stages_message(ruled))

    @api.ondelete(at_uninstall=False)
    def _unlink_except_used(self):
        used = (
            self.env["res.partner"]
            .with_context(active_test=False)
            ._read_group(
                [("lifecycle_stage_id", "in", self.ids)], ["lifecycle_stage_id"]
            )
        )
        if used:
            raise ValidationError(
                _(
                    "The lifecycle stage %(stages)s is used by partners and "
                    "cannot be deleted.",
                    stages=", ".join(stage.name for (stage,) in used),
                )
            )
