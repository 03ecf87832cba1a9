# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models


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

    @api.model
    def _demo_crm_success_training(self, course_ids):
        """The main company's CRM training courses ``course_ids`` (two):
        Mitchell Admin finished the first three months ago and the second two
        months ago, Marc Demo the first a month ago."""
        first, second = courses = self.env["slide.channel"].browse(course_ids)
        self.env.ref("base.main_company").crm_success_training_channel_ids = courses
        admin = self.env.ref("base.user_admin").partner_id
        demo = self.env.ref("base.user_demo").partner_id
        now = fields.Datetime.now()
        for partner, course, months in (
            (admin, first, 3),
            (admin, second, 2),
            (demo, first, 1),
        ):
            membership = self.search(
                [("partner_id", "=", partner.id), ("channel_id", "=", course.id)]
            ) or self.create({"partner_id": partner.id, "channel_id": course.id})
            membership.write(
                {
                    "member_status": "completed",
                    "completion": 100,
                    "crm_success_completed_at": now - relativedelta(months=months),
                }
            )
