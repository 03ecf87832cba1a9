# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError

# Window over which complaints against one employee are counted for the alert.
COMPLAINT_ALERT_WINDOW_DAYS = 30
OPEN_COMPLAINT_STATES = ("new", "in_progress")
# the network roles (res.partner.network_role) a complaint can be attributed to
RESPONSIBLE_ROLES = ("supplier", "carrier")


class CrmComplaint(models.Model):
    _name = "crm.complaint"
    _description = "Customer Complaint"
    _inherit = [
        "mail.thread",
        "mail.activity.mixin",
        "crm.lifecycle.company.guard.mixin",
        "crm.lifecycle.text.guard.mixin",
    ]
    _order = "date_received desc, id desc"
    _check_company_auto = True

    # assigned from the sequence at creation, never written by users
    name = fields.Char(
        string="Reference",
        required=True,
        readonly=True,
        copy=False,
        default=lambda self: self.env._("New"),
    )
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        required=True,
        index=True,
        tracking=True,
        check_company=True,
    )
    commercial_partner_id = fields.Many2one(
        related="partner_id.commercial_partner_id", store=True, index=True
    )
    employee_id = fields.Many2one(
        "hr.employee",
        string="Employee Concerned",
        index="btree_not_null",
        tracking=True,
        check_company=True,
    )
    responsible_partner_id = fields.Many2one(
        "res.partner",
        string="Supplier / Carrier Responsible",
        index="btree_not_null",
        tracking=True,
        check_company=True,
        domain=[("network_role", "in", RESPONSIBLE_ROLES)],
        help="The supplier or carrier who caused the problem, when not us: a "
        "partner whose network role is Supplier or Carrier.",
    )
    user_id = fields.Many2one(
        "res.users",
        string="Responsible",
        default=lambda self: self.env.user,
        tracking=True,
        domain="[('share', '=', False)]",
        check_company=True,
        help="An internal user of the complaint's company.",
    )
    team_id = fields.Many2one("crm.team", string="Sales Team", check_company=True)
    category_id = fields.Many2one("crm.complaint.category", tracking=True)
    channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("chat", "Chat"),
            ("in_person", "In Person"),
            ("post", "Post"),
            ("web", "Website"),
            ("social", "Social Media"),
            ("other", "Other"),
        ],
        help="How the complaint reached us.",
    )
    priority = fields.Selection(
        [("0", "Normal"), ("1", "High"), ("2", "Urgent")], default="0"
    )
    date_received = fields.Datetime(
        string="Received On", required=True, default=fields.Datetime.now, index=True
    )
    date_resolved = fields.Datetime(string="Resolved On", copy=False, tracking=True)
    state = fields.Selection(
        [
            ("new", "New"),
            ("in_progress", "In Progress"),
            ("resolved", "Resolved"),
            ("rejected", "Rejected"),
        ],
        default="new",
        required=True,
        copy=False,
        index=True,
        tracking=True,
        group_expand=True,
    )
    description = fields.Html()
    resolution = fields.Text(copy=False, help="What was done; required to resolve.")
    sale_order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        check_company=True,
    )
    lead_id = fields.Many2one(
        "crm.lead",
        string="Lead/Opportunity",
        domain="[('partner_id', 'child_of', commercial_partner_id)]",
        check_company=True,
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    resolution_hours = fields.Float(
        compute="_compute_resolution_hours",
        store=True,
        aggregator="avg",
        help="Hours from receipt to resolution.",
    )

    _sql_constraints = [
        (
            "name_company_unique",
            "unique(company_id, name)",
            "The reference of a complaint is unique within its company.",
        ),
    ]

    @api.depends("date_received", "date_resolved")
    def _compute_resolution_hours(self):
        for complaint in self:
            if complaint.date_received and complaint.date_resolved:
                delta = complaint.date_resolved - complaint.date_received
                complaint.resolution_hours = delta.total_seconds() / 3600
            else:
                complaint.resolution_hours = 0.0

    @api.constrains("date_received", "date_resolved")
    def _check_dates(self):
        for complaint in self:
            if (
                complaint.date_resolved
                and complaint.date_resolved < complaint.date_received
            ):
                raise ValidationError(
                    self.env._(
                        "Complaint %(name)s cannot be resolved before it was received.",
                        name=complaint.name,
                    )
                )

    @api.constrains("user_id")
    def _check_user_id_internal(self):
        for complaint in self:
            # sudo: a user of another company is not readable, its kind is a fact
            responsible = complaint.user_id.sudo()
            if responsible.share:
                raise ValidationError(
                    self.env._(
                        "%(user)s cannot be responsible of complaint %(name)s: "
                        "the responsible is an internal user.",
                        user=responsible.name,
                        name=complaint.name,
                    )
                )

    @api.constrains("responsible_partner_id")
    def _check_responsible_partner(self):
        for complaint in self.filtered("responsible_partner_id"):
            partner = complaint.responsible_partner_id.sudo()
            if partner.network_role not in RESPONSIBLE_ROLES:
                raise ValidationError(
                    self.env._(
                        "%(partner)s cannot be named responsible for complaint "
                        "%(name)s: only a partner whose network role is Supplier "
                        "or Carrier can. A lifecycle manager sets the role on the "
                        "partner's form.",
                        partner=partner.display_name,
                        name=complaint.name,
                    )
                )

    @api.constrains("state", "resolution")
    def _check_resolution(self):
        for complaint in self:
            if (
                complaint.state == "resolved"
                and not (complaint.resolution or "").strip()
            ):
                raise ValidationError(
                    self.env._(
                        "Describe the resolution of complaint %(name)s before "
                        "resolving it.",
                        name=complaint.name,
                    )
                )

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    @api.model_create_multi
    def create(self, vals_list):
        sequence = self.env["ir.sequence"]
        new = self.env._("New")
        for vals in vals_list:
            if self.env.su and vals.get("name", new) != new:
                continue  # the system (data files) may give a reference, users never
            vals["name"] = (
                sequence.with_company(vals.get("company_id")).next_by_code(
                    "crm.complaint",
                    sequence_date=fields.Datetime.to_datetime(
                        vals.get("date_received") or fields.Datetime.now()
                    ).date(),
                )
                or new
            )
        complaints = super().create(vals_list)
        complaints.employee_id._complaint_alert_check()
        return complaints

    def write(self, vals):
        if "name" in vals and not self.env.su:
            raise UserError(
                self.env._(
                    "The reference of a complaint is assigned when it is created "
                    "and cannot be changed."
                )
            )
        res = super().write(vals)
        if {"employee_id", "date_received"} & set(vals):
            self.employee_id._complaint_alert_check()
        return res

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------
    def action_start(self):
        self.write({"state": "in_progress"})

    def action_resolve(self):
        for complaint in self:
            complaint.write(
                {
                    "state": "resolved",
                    "date_resolved": complaint.date_resolved or fields.Datetime.now(),
                }
            )

    def action_reject(self):
        self.write({"state": "rejected", "date_resolved": fields.Datetime.now()})

    def action_reopen(self):
        self.write({"state": "in_progress", "date_resolved": False})

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------
    @api.model
    def _complaint_alert_window_start(self):
        return fields.Datetime.now() - timedelta(days=COMPLAINT_ALERT_WINDOW_DAYS)
