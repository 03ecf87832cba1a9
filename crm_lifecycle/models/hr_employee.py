# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models

from .crm_complaint import COMPLAINT_ALERT_WINDOW_DAYS

COMPLAINT_GROUPS = "crm_lifecycle.crm_lifecycle_group_user"


class HrEmployee(models.Model):
    _inherit = "hr.employee"

    complaint_ids = fields.One2many(
        "crm.complaint", "employee_id", string="Complaints", groups=COMPLAINT_GROUPS
    )
    complaint_count = fields.Integer(
        compute="_compute_complaint_count", groups=COMPLAINT_GROUPS
    )
    complaint_alert_date = fields.Datetime(
        string="Last Complaint Alert",
        copy=False,
        groups="hr.group_hr_user",
        help="When the manager was last alerted about complaints against this "
        "employee; no new alert is raised within the alert window.",
    )

    def _compute_complaint_count(self):
        counts = dict(
            self.env["crm.complaint"]._read_group(
                [("employee_id", "in", self.ids)], ["employee_id"], ["__count"]
            )
        )
        for employee in self:
            employee.complaint_count = counts.get(employee._origin, 0)

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lifecycle.crm_complaint_action"
        )
        action["domain"] = [("employee_id", "=", self.id)]
        action["context"] = {"default_employee_id": self.id}
        return action

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------
    def _complaint_alert_check(self):
        """Alert the manager of employees with too many recent complaints.

        Each employee with at least the company's threshold of complaints
        received within the alert window gets one "Complaint alert" activity
        for its manager's user, or for the sales managers of its company when
        it has no manager with a user. No alert while one is open, nor twice
        within one window. Runs as superuser: the author of a complaint does
        not need HR rights for the alert to go out.
        """
        employees = self.sudo().exists()
        if not employees:
            return
        complaints = self.env["crm.complaint"].sudo()
        window_start = complaints._complaint_alert_window_start()
        counts = dict(
            complaints._read_group(
                [
                    ("employee_id", "in", employees.ids),
                    ("date_received", ">=", window_start),
                ],
                ["employee_id"],
                ["__count"],
            )
        )
        alert_type = self.env.ref("crm_lifecycle.mail_activity_type_complaint_alert")
        open_alerts = (
            self.env["mail.activity"]
            .sudo()
            ._read_group(
                [
                    ("res_model", "=", "hr.employee"),
                    ("res_id", "in", employees.ids),
                    ("activity_type_id", "=", alert_type.id),
                ],
                ["res_id"],
            )
        )
        alerted_ids = {res_id for (res_id,) in open_alerts}
        to_alert = employees.filtered(
            lambda e: (
                counts.get(e, 0) >= e.company_id.complaint_alert_threshold
                and e.id not in alerted_ids
                and not (
                    e.complaint_alert_date and e.complaint_alert_date >= window_start
                )
            )
        )
        if not to_alert:
            return
        model_id = self.env["ir.model"]._get_id("hr.employee")
        activity_vals = []
        for employee in to_alert:
            summary = self.env._(
                "%(count)s complaints in %(days)s days",
                count=counts[employee],
                days=COMPLAINT_ALERT_WINDOW_DAYS,
            )
            activity_vals += [
                {
                    "res_model_id": model_id,
                    "res_id": employee.id,
                    "activity_type_id": alert_type.id,
                    "user_id": user.id,
                    "summary": summary,
                }
                for user in employee._complaint_alert_recipients()
            ]
        self.env["mail.activity"].sudo().create(activity_vals)
        to_alert.complaint_alert_date = fields.Datetime.now()

    def _complaint_alert_recipients(self):
        """Users alerted about this employee: its manager, else sales managers."""
        self.ensure_one()
        if self.parent_id.user_id:
            return self.parent_id.user_id
        managers = self.env.ref("sales_team.group_sale_manager").sudo().users
        return managers.filtered(
            lambda user: not user.share and self.company_id in user.company_ids
        )
