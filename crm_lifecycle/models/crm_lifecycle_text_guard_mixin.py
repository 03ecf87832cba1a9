# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import ValidationError


class CrmLifecycleTextGuardMixin(models.AbstractModel):
    """Text without NUL characters, refused in words.

    PostgreSQL refuses a string with a NUL character: the insert fails with
    an SQL error in the log and, in an import, a message no user can read.
    Inherit it on a model whose text users type or import (complaints,
    service contacts, KPIs): such text is refused first, naming the field.
    """

    _name = "crm.lifecycle.text.guard.mixin"
    _description = "Text Without NUL Characters"

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_no_nul(vals)
        return super().create(vals_list)

    def write(self, vals):
        self._check_no_nul(vals)
        return super().write(vals)

    def _check_no_nul(self, vals):
        for name, value in vals.items():
            if isinstance(value, str) and "\x00" in value:
                field = self._fields.get(name)
                label = field._description_string(self.env) if field else name
                raise ValidationError(
                    self.env._("The field %s cannot contain a NUL character.", label)
                )
