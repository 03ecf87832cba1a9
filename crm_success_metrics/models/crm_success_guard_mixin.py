# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError, UserError


class CrmSuccessGuardMixin(models.AbstractModel):
    """Guards of the records users configure and compute.

    - Records stay in the companies of their user: creating or moving one into
      a company the user doesn't belong to is refused (the company record rules
      only check the record before the write, not where it goes).
    - ``_system_fields`` are written by the addon's own actions only, which run
      as superuser after their own checks (``sudo()``); no context key opens
      them, since RPC callers choose the context but never ``env.su``.
    """

    _name = "crm.success.guard.mixin"
    _description = "CRM Success: company and system-field guards"

    _system_fields = ()

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_guarded_vals(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_guarded_vals(vals)
        return super().write(vals)

    def _check_guarded_vals(self, vals):
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
        company_id = vals.get("company_id")
        if company_id and company_id not in self.env.user.company_ids.ids:
            raise AccessError(
                self.env._(
                    "You cannot put a %(model)s in a company you don't belong to.",
                    model=self._description,
                )
            )
