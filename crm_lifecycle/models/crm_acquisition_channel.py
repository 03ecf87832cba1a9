# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models
from odoo.exceptions import ValidationError


class CrmAcquisitionChannel(models.Model):
    _name = "crm.acquisition.channel"
    _description = "Acquisition Channel"
    _order = "sequence, id"

    name = fields.Char(required=True, translate=True)
    code = fields.Char(required=True)
    sequence = fields.Integer(default=10)
    is_referral = fields.Boolean(
        string="Referral",
        help="Customers from this channel were recommended by someone.",
    )
    utm_source_id = fields.Many2one("utm.source", string="UTM Source")
    active = fields.Boolean(default=True)

    @api.constrains("code")
    def _check_code_unique(self):
        for channel in self:
            clash = self.with_context(active_test=False).search(
                [("code", "=", channel.code), ("id", "!=", channel.id)], limit=1
            )
            if clash:
                raise ValidationError(
                    _(
                        "The code %(code)s is already used by the acquisition "
                        "channel %(channel)s.",
                        code=channel.code,
                        channel=clash.name,
                    )
                )
