# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models
from odoo.tools import SQL

from .res_partner import FIGURES_WRITER, FIGURES_WRITER_KEY


class BasePartnerMergeAutomaticWizard(models.TransientModel):
    _inherit = "base.partner.merge.automatic.wizard"

    def _update_values(self, src_partners, dst_partner):
        # Odoo copies every stored field, the computed lifecycle figures too;
        # _merge refreshes them for the survivor right after
        dst_partner = dst_partner.with_context(**{FIGURES_WRITER_KEY: FIGURES_WRITER})
        return super()._update_values(src_partners, dst_partner)

    def _merge(self, partner_ids, dst_partner=None, extra_checks=True):
        res = super()._merge(partner_ids, dst_partner, extra_checks)
        survivors = self.env["res.partner"].browse(partner_ids).exists()
        self._lifecycle_fix_complaint_customers(survivors)
        # the merge moved the orders and invoices in SQL, behind the ORM
        self.env["crm.lifecycle.purchase"]._mark_stale("partner", survivors.ids)
        # the merged partners' orders and history now belong to the survivor
        survivors._lifecycle_refresh()
        return res

    def _lifecycle_fix_complaint_customers(self, partners):
        """The merge points every column that referred to a merged partner at
        the survivor, the complaints' stored commercial partner too, even when
        the survivor is a company's contact: take it from the customer again."""
        self.env.execute_query(
            SQL(
                """
                UPDATE crm_complaint c
                   SET commercial_partner_id = p.commercial_partner_id
                  FROM res_partner p
                 WHERE p.id = c.partner_id AND p.id = ANY(%s)
                   AND c.commercial_partner_id IS DISTINCT FROM p.commercial_partner_id
                """,
                partners.ids,
            )
        )
        self.env["crm.complaint"].invalidate_model(["commercial_partner_id"])
