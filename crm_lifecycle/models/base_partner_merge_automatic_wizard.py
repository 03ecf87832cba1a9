# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        res = super()._merge(partner_ids, dst_partner, extra_checks)
        # the merged partners' orders and history now belong to the survivor
        survivors = self.env["res.partner"].browse(partner_ids).exists()
        survivors._lifecycle_refresh()
        return res
