# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models


class SlideChannelPartner(models.Model):
    """When an attendee finished the course: eLearning only keeps whether
    they did (``member_status``), the training KPI needs since when."""

    _inherit = "slide.channel.partner"

    crm_success_completed_at = fields.Datetime(
        string="Finished On",
        readonly=True,
        copy=False,
        help="When the attendee finished the course (cleared if contents are "
        "added and the course is no longer finished).",
    )

    def _post_completion_update_hook(self, completed=True):
        result = super()._post_completion_update_hook(completed=completed)
        self.crm_success_completed_at = fields.Datetime.now() if completed else False
        return result
