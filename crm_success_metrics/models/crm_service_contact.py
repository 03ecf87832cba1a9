# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.tools import create_index

# Relations to records of a company: checked against the contact's company
# and against what the user may read.
LINKED_FIELDS = (
    "partner_id",
    "user_id",
    "team_id",
    "lead_id",
    "complaint_id",
    "topic_ids",
)

CHANNELS = [
    ("phone", "Phone"),
    ("chat", "Chat"),
    ("email", "E-mail"),
    ("web_form", "Web form"),
    ("self_service", "Self-service / FAQ"),
    ("in_person", "In person"),
    ("other", "Other"),
]


class CrmServiceContact(models.Model):
    """One contact of the contact centre (a call, a chat, ...), typically
    imported from a telephony export; the source of the service KPIs.

    Its natural key is the company and the external reference (the contact's
    id in the telephony or chat system): importing a file again updates the
    contacts it already created (see ``load``).
    """

    _name = "crm.service.contact"
    _inherit = ["crm.lifecycle.company.guard.mixin", "crm.lifecycle.text.guard.mixin"]
    _description = "Service Contact"
    _order = "queued_at desc, id desc"
    _rec_name = "case_ref"
    _check_company_auto = True

    channel = fields.Selection(
        CHANNELS,
        required=True,
        default="phone",
        help="How the customer reached the company; self-service covers the "
        "visits of FAQ and help pages that the customer tracks (see the "
        "channel mix KPIs).",
    )
    direction = fields.Selection(
        [("inbound", "Inbound"), ("outbound", "Outbound")],
        required=True,
        default="inbound",
    )
    external_ref = fields.Char(
        string="External Reference",
        help="The contact's id in the telephony or chat system, unique in the "
        "company: re-importing a file updates the contacts with a known "
        "reference instead of adding them again.",
    )
    partner_id = fields.Many2one(
        "res.partner", string="Customer", index="btree_not_null", check_company=True
    )
    user_id = fields.Many2one(
        "res.users",
        string="Agent",
        default=lambda self: self.env.user,
        check_company=True,
    )
    team_id = fields.Many2one("crm.team", check_company=True)
    queued_at = fields.Datetime(
        string="Queued at",
        required=True,
        index=True,
        help="When the contact entered the queue.",
    )
    answered_at = fields.Datetime(string="Answered at")
    ended_at = fields.Datetime(string="Ended at")
    abandoned = fields.Boolean(help="The customer gave up before being answered.")
    resolved = fields.Boolean(help="The customer's problem was solved by this contact.")
    first_contact_resolution = fields.Boolean(
        help="The problem was solved at the first contact about it."
    )
    case_ref = fields.Char(
        string="Case Reference",
        index="btree_not_null",
        help="Free reference grouping the contacts about the same problem.",
    )
    lead_id = fields.Many2one("crm.lead", index="btree_not_null", check_company=True)
    complaint_id = fields.Many2one(
        "crm.complaint", index="btree_not_null", check_company=True
    )
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    topic_ids = fields.Many2many(
        "crm.service.topic",
        "crm_service_contact_topic_rel",
        "contact_id",
        "topic_id",
        string="Topics",
        check_company=True,
        help="What the customer asked about (see Success > Reporting > Top Topics).",
    )
    wait_seconds = fields.Float(
        compute="_compute_wait_seconds",
        store=True,
        help="Seconds from queue to answer, or to hang-up for abandoned contacts.",
    )
    handle_seconds = fields.Float(
        compute="_compute_handle_seconds",
        store=True,
        help="Seconds from answer to end of the contact.",
    )

    # The Python constraint _check_external_ref_unique says which reference is
    # taken; deferred to the commit, this one only catches concurrent imports
    # (immediate, it would fail the INSERT first, with an SQL error logged).
    _sql_constraints = [
        (
            "external_ref_unique",
            "unique(company_id, external_ref) DEFERRABLE INITIALLY DEFERRED",
            "The external reference of a service contact must be unique in its "
            "company.",
        ),
    ]

    def init(self):
        result = super().init()
        # The escalation KPIs look for a customer's later inbound contacts
        # (crm_success_kpi_channels.py).
        create_index(
            self.env.cr,
            "crm_service_contact_partner_queued_at_index",
            self._table,
            ["partner_id", "queued_at"],
            where="partner_id IS NOT NULL AND direction = 'inbound'",
        )
        return result

    @api.depends("case_ref", "channel", "queued_at")
    def _compute_display_name(self):
        channels = dict(self._fields["channel"]._description_selection(self.env))
        for contact in self:
            contact.display_name = contact.case_ref or " ".join(
                filter(
                    None, [channels.get(contact.channel), str(contact.queued_at or "")]
                )
            )

    @api.depends("queued_at", "answered_at", "ended_at", "abandoned")
    def _compute_wait_seconds(self):
        for contact in self:
            end = contact.answered_at or (contact.abandoned and contact.ended_at)
            contact.wait_seconds = (
                (end - contact.queued_at).total_seconds()
                if end and contact.queued_at
                else 0.0
            )

    @api.depends("answered_at", "ended_at")
    def _compute_handle_seconds(self):
        for contact in self:
            contact.handle_seconds = (
                (contact.ended_at - contact.answered_at).total_seconds()
                if contact.answered_at and contact.ended_at
                else 0.0
            )

    @api.constrains("queued_at", "answered_at", "ended_at", "abandoned")
    def _check_timeline(self):
        for contact in self:
            if contact.answered_at and contact.answered_at < contact.queued_at:
                raise ValidationError(
                    self.env._(
                        "A contact cannot be answered (%(answered)s) "
                        "before it was queued (%(queued)s).",
                        answered=contact.answered_at,
                        queued=contact.queued_at,
                    )
                )
            if contact.abandoned and contact.answered_at:
                raise ValidationError(
                    self.env._("A contact cannot be both abandoned and answered.")
                )
            start = contact.answered_at or contact.queued_at
            if contact.ended_at and contact.ended_at < start:
                raise ValidationError(
                    self.env._(
                        "A contact cannot end (%(ended)s) "
                        "before it was queued or answered (%(start)s).",
                        ended=contact.ended_at,
                        start=start,
                    )
                )

    @api.constrains("resolved", "first_contact_resolution")
    def _check_first_contact_resolution(self):
        if any(c.first_contact_resolution and not c.resolved for c in self):
            raise ValidationError(
                self.env._(
                    "A contact resolved at first contact must also be marked resolved."
                )
            )

    @api.constrains("company_id", "external_ref")
    def _check_external_ref_unique(self):
        keyed = self.filtered("external_ref")
        if not keyed:
            return
        taken = self.sudo()._read_group(
            [
                ("company_id", "in", keyed.company_id.ids),
                ("external_ref", "in", keyed.mapped("external_ref")),
            ],
            ["company_id", "external_ref"],
            having=[("__count", ">", 1)],
        )
        if taken:
            raise ValidationError(
                self.env._(
                    "The external reference %s is already used by another service "
                    "contact of the company.",
                    taken[0][1],
                )
            )

    @api.constrains(*LINKED_FIELDS)
    def _check_linked_records_readable(self):
        """Link only records the user may read: the company check that follows
        would otherwise name another company's customer in its message."""
        for name in LINKED_FIELDS:
            if linked := self.mapped(name):
                linked.check_access("read")

    @api.model
    def load(self, fields, data):
        """Import rows keyed by their external reference: a row whose
        reference is known in the current company updates that contact.

        The rows are matched through the importer's own "Database ID" column
        (``.id``); files that bring their own ids or companies are imported
        as they are (a duplicate reference is then refused).
        """
        columns = {field.split("/")[0] for field in fields}
        if "external_ref" not in columns or columns & {"id", ".id", "company_id"}:
            return super().load(fields, data)
        index = fields.index("external_ref")
        known = {
            contact.external_ref: str(contact.id)
            for contact in self.search_fetch(
                [
                    ("company_id", "=", self.env.company.id),
                    ("external_ref", "in", [row[index] for row in data if row[index]]),
                ],
                ["external_ref"],
            )
        }
        return super().load(
            [*fields, ".id"], [[*row, known.get(row[index], "")] for row in data]
        )

    @api.model
    def get_import_templates(self):
        return [
            {
                "label": self.env._("Import Template for Service Contacts"),
                "template": "/crm_success_metrics/static/xls/crm_service_contact.xlsx",
            }
        ]
