# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import UserError


class CrmSuccessSystemFieldMixin(models.AbstractModel):
    """Fields written by the system only.

    ``_system_fields`` (who locked, when, the computed results) are written by
    the addon's own actions, which run as superuser after their own checks
    (``sudo()``); no context key opens them, since RPC callers choose the
    context but never ``env.su``.
    """

    _name = "crm.success.system.field.mixin"
    _description = "CRM Success: fields written by the system only"

    _system_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_system_fields(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_system_fields(vals)
        return super().write(vals)

    def _check_system_fields(self, vals):
        if self.env.su:
            return
        system = [name for name in self._system_fields if name in vals]
        if system:
            raise UserError(
                self.env._(
                    "%(fields)s of %(model)s are set by the system, not by hand.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in system
                    ),
                    model=self._description,
                )
            )
