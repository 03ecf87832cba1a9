# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import models


class CrmSuccessFiniteMixin(models.AbstractModel):
    """Never send a number that is not finite to the browser.

    Constraints keep NaN and infinities out of the numbers users set, and the
    scorecard computation out of its results; a value stored anyway (by a
    direct database change) is read as empty, because browsers reject NaN and
    Infinity in JSON and the whole dashboard or scorecard would stop loading.
    """

    _name = "crm.success.finite.mixin"
    _description = "CRM Success: numbers read as finite or empty"

    def _read_format(self, fnames, load="_classic_read"):
        result = super()._read_format(fnames, load=load)
        for values in result:
            for name, value in values.items():
                if isinstance(value, float) and not math.isfinite(value):
                    values[name] = False
        return result
