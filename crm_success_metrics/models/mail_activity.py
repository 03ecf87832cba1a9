# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..kpis.adoption import CRM_MODELS


class MailActivity(models.Model):
    """Done activities of the CRM's records are archived, not deleted, so
    that the adoption KPIs know their deadline and done day (Odoo deletes
    them unless their type keeps done activities; archived, they no longer
    show as planned, like those of such types)."""

    _inherit = "mail.activity"

    def _action_done(self, feedback=False, attachment_ids=None):
        return super(
            MailActivity, self.with_context(crm_success_keep_done=True)
        )._action_done(feedback=feedback, attachment_ids=attachment_ids)

    def unlink(self):
        if not self.env.context.get("crm_success_keep_done"):
            return super().unlink()
        kept = self.filtered(lambda activity: activity.res_model in CRM_MODELS)
        kept.action_archive()
        return super(MailActivity, self - kept).unlink()
