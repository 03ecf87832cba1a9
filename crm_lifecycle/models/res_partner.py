# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import dataclasses
from collections import defaultdict

from odoo import _, api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tools import SQL

from ..engine.collector import cyclic_gc_paused
from ..engine.customer import CustomerFigures
from ..engine.portfolio import PaymentFigures, QualityFigures, RfmFigures
from ..tools import jit_off
from .crm_complaint import OPEN_COMPLAINT_STATES


def _columns(*row_types):
    """The res.partner columns the rows of ``row_types`` are written to."""
    return [
        field.name
        for row_type in row_types
        for field in dataclasses.fields(row_type)[1:]
    ]


# Lifecycle and portfolio figures are written in bulk on the commercial
# partner and all its contacts, so that contacts show their company's values
# (see crm.lifecycle.recompute._write_figures).
LIFECYCLE_FIGURES = _columns(CustomerFigures)
PORTFOLIO_FIGURES = _columns(RfmFigures, PaymentFigures, QualityFigures)
# Nobody writes these through the ORM (see ``_check_figures_not_written``)...
COMPUTED_FIGURES = frozenset(LIFECYCLE_FIGURES + PORTFOLIO_FIGURES)
# ... except code whose context holds this object under FIGURES_WRITER_KEY:
# no RPC call can pass it (a context over RPC is JSON).
FIGURES_WRITER_KEY = "crm_lifecycle_figures_writer"
FIGURES_WRITER = object()


# what decides a partner's commercial entity and company, so whose its
# purchases are and from which source (see crm.lifecycle.purchase)
PURCHASE_OWNERSHIP = {"parent_id", "is_company", "company_id"}

# The organisations critical to serving the customers (issue #13, network
# development); the employees, the internal network, are hr.employee.
NETWORK_ROLES = [
    ("supplier", "Supplier"),
    ("carrier", "Carrier"),
    ("reseller", "Reseller / Referral Partner"),
    ("service", "Service Partner"),
    ("investor", "Investor"),
]
# who may give a partner its network role
NETWORK_ROLE_GROUP = "crm_lifecycle.crm_lifecycle_group_manager"


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # LIFECYCLE (crm_lifecycle core)
    # ------------------------------------------------------------------
    # not tracked: each change of stage is logged in the chatter from its
    # history row (see crm.lifecycle.recompute._log_changes)
    lifecycle_stage_id = fields.Many2one(
        "crm.lifecycle.stage",
        index=True,
        readonly=True,
        copy=False,
        ondelete="restrict",
    )
    lifecycle_stage_date = fields.Date(
        string="In Stage Since", readonly=True, copy=False
    )
    lifecycle_stage_code = fields.Char(related="lifecycle_stage_id.code")
    lifecycle_history_ids = fields.One2many("crm.lifecycle.history", "partner_id")
    first_order_date = fields.Date(readonly=True, copy=False)
    last_order_date = fields.Date(readonly=True, copy=False)
    order_count = fields.Integer(
        string="Purchases", readonly=True, copy=False, help="Number of purchases."
    )
    lifetime_revenue = fields.Monetary(
        currency_field="lifecycle_currency_id",
        readonly=True,
        copy=False,
        help="Untaxed amount of all purchases, in the currency of the customer's "
        "company (the main company's for a customer shared between companies).",
    )
    lifecycle_currency_id = fields.Many2one(
        "res.currency", compute="_compute_lifecycle_currency_id"
    )
    avg_days_between_orders = fields.Float(
        string="Average Days Between Purchases", readonly=True, copy=False
    )
    next_expected_order_date = fields.Date(
        string="Next Expected Purchase", readonly=True, copy=False
    )
    # Referrals and channel are commercial fields (see _commercial_fields).
    referred_by_id = fields.Many2one(
        "res.partner",
        index="btree_not_null",
        domain="[('id', '!=', id)]",
        help="Customer who recommended this one.",
    )
    referral_ids = fields.One2many(
        "res.partner",
        "referred_by_id",
        string="Referrals",
        domain=["|", ("is_company", "=", True), ("parent_id", "=", False)],
    )
    referral_count = fields.Integer(
        readonly=True, copy=False, help="Referred customers who bought."
    )
    referred_revenue = fields.Monetary(
        currency_field="lifecycle_currency_id",
        readonly=True,
        copy=False,
        help="Lifetime revenue of the referred customers.",
    )
    acquisition_channel_id = fields.Many2one(
        "crm.acquisition.channel",
        index="btree_not_null",
        help="How did this customer hear about us?",
    )

    @api.depends("commercial_partner_id.company_id")
    def _compute_lifecycle_currency_id(self):
        """The currency of the lifecycle and portfolio amounts: the partner's
        company's, or the default company's for a shared partner."""
        default = self.env["res.company"]._lifecycle_default_company()
        for partner in self:
            company = partner.commercial_partner_id.company_id or default
            partner.lifecycle_currency_id = company.sudo().currency_id

    @api.constrains("referred_by_id")
    def _check_referred_by_id(self):
        for partner in self.filtered("referred_by_id"):
            own = partner.commercial_partner_id
            referrer = partner.referred_by_id.commercial_partner_id
            seen = set()
            while referrer and referrer.id not in seen:
                if referrer == own:
                    raise ValidationError(
                        _(
                            "%(partner)s cannot be referred by %(referrer)s: a "
                            "customer cannot refer itself, directly or through "
                            "a chain of referrals.",
                            partner=partner.display_name,
                            referrer=partner.referred_by_id.display_name,
                        )
                    )
                seen.add(referrer.id)
                referrer = referrer.referred_by_id.commercial_partner_id

    @api.model
    def _commercial_fields(self):
        return super()._commercial_fields() + [
            "referred_by_id",
            "acquisition_channel_id",
        ]

    @api.ondelete(at_uninstall=False)
    def _unlink_except_lifecycle_history(self):
        """The lifecycle history is evidence the KPIs are computed from: a
        customer with history is archived, not deleted (as Odoo does for a
        partner with journal entries)."""
        history = self.env["crm.lifecycle.history"].sudo()
        used = history._read_group([("partner_id", "in", self.ids)], ["partner_id"])
        if used:
            raise UserError(
                _(
                    "%(partners)s cannot be deleted: the customer lifecycle history "
                    "refers to them. Archive them instead.",
                    partners=", ".join(
                        partner.sudo().display_name for (partner,) in used
                    ),
                )
            )

    @api.model_create_multi
    def create(self, vals_list):
        self._check_figures_not_written(vals_list)
        partners = super().create(vals_list)
        # after the defaults are applied: a default_network_role in the
        # context sets the role too
        if partners.filtered("network_role"):
            partners._check_network_role_rights()
        return partners

    def write(self, vals):
        self._check_figures_not_written([vals])
        if "network_role" in vals and any(
            partner.network_role != (vals["network_role"] or False) for partner in self
        ):
            self._check_network_role_rights()
        referrers = self.referred_by_id if "referred_by_id" in vals else None
        res = super().write(vals)
        if PURCHASE_OWNERSHIP & vals.keys():
            # their commercial entity or company, and their contacts', may
            # change: so do the customer and the source of their purchases
            moved = self.with_context(active_test=False).search(
                [("id", "child_of", self.ids)]
            )
            self.env["crm.lifecycle.purchase"]._mark_stale("partner", moved.ids)
        if referrers is not None:
            # the old and new referrers' referral counts (and stages) change
            (referrers | self.referred_by_id)._lifecycle_refresh()
        return res

    @api.model
    def _check_figures_not_written(self, vals_list):
        """The lifecycle and portfolio figures are computed: only the bulk
        writers (in SQL), the superuser (data files) and the partner merge
        (its copy of the merged partners' values, which the refresh after the
        merge recomputes; see ``FIGURES_WRITER``) set them."""
        if self.env.su or self.env.context.get(FIGURES_WRITER_KEY) is FIGURES_WRITER:
            return
        written = {name for vals in vals_list for name in vals} & COMPUTED_FIGURES
        if written:
            raise UserError(
                _(
                    "These customer figures are computed by the lifecycle and "
                    "cannot be set by hand: %(fields)s.",
                    fields=", ".join(
                        self._fields[name]._description_string(self.env)
                        for name in sorted(written)
                    ),
                )
            )

    def action_lifecycle_recompute(self):
        """Recompute the lifecycle stage of these partners now."""
        self._lifecycle_refresh()
        return True

    def action_view_lifecycle_referrals(self):
        self.ensure_one()
        return {
            "type": "ir.actions.act_window",
            "name": _("Referrals"),
            "res_model": "res.partner",
            "view_mode": "list,kanban,form",
            "domain": [("id", "in", self.commercial_partner_id.referral_ids.ids)],
            "context": {"default_referred_by_id": self.commercial_partner_id.id},
        }

    @api.model
    def _lifecycle_recompute_all(self, as_of=None):
        """Recompute every partner's lifecycle stage and figures at ``as_of``
        (default today), appending one history row per change of stage.

        Private: run by the daily cron and by lifecycle managers through
        ``crm.lifecycle.maintenance.wizard``; it runs as superuser."""
        with jit_off(self.env.cr), cyclic_gc_paused():
            self.env["crm.lifecycle.recompute"].sudo()._run(as_of=as_of)

    def _lifecycle_refresh(self):
        """Recompute these partners' commercial entities and their referrers
        (lifecycle and portfolio figures, so that the tab agrees with itself),
        with a fixed number of queries whatever the size of the database."""
        partners = self.commercial_partner_id
        partners |= partners.referred_by_id.commercial_partner_id
        if partners:
            self.env["crm.lifecycle.recompute"].sudo()._run(partners.ids)
            self.env["crm.lifecycle.portfolio"].sudo()._refresh(partners.ids)

    def _lifecycle_refresh_purchases(self, source):
        """Refresh these partners after a change of their ``source`` documents
        ("sale_order" or "invoice"), when those are a company's purchases."""
        if not self:
            return
        companies = self.env["res.company"]._lifecycle_companies()
        if source in companies.mapped("lifecycle_purchase_source"):
            self._lifecycle_refresh()

    @api.model
    def _cron_lifecycle_daily(self):
        """Daily: move customers to at risk / churned as time passes, refresh
        the portfolio analysis and raise the reminders."""
        self._lifecycle_recompute_all()
        portfolio = self.env["crm.lifecycle.portfolio"].sudo()
        portfolio._refresh()
        portfolio._create_reminders()

    # ------------------------------------------------------------------
    # COMPLAINTS, INTIMACY, PORTFOLIO (crm_lifecycle peripherals)
    # Portfolio figures are written in bulk by ``_lifecycle_refresh_portfolio``
    # on the commercial partner and its contacts, like the lifecycle figures.
    # ------------------------------------------------------------------
    complaint_ids = fields.One2many(
        "crm.complaint",
        "commercial_partner_id",
        string="Complaints",
        groups="crm_lifecycle.crm_lifecycle_group_user",
    )
    complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="crm_lifecycle.crm_lifecycle_group_user",
    )
    open_complaint_count = fields.Integer(
        compute="_compute_complaint_count",
        groups="crm_lifecycle.crm_lifecycle_group_user",
    )
    birthday = fields.Date()
    preferred_contact_channel = fields.Selection(
        [
            ("phone", "Phone"),
            ("email", "Email"),
            ("chat", "Chat"),
            ("in_person", "In Person"),
            ("post", "Post"),
        ]
    )
    preferred_payment_method = fields.Selection(
        [
            ("bank_transfer", "Bank Transfer"),
            ("card", "Card"),
            ("cash", "Cash"),
            ("direct_debit", "Direct Debit"),
            ("other", "Other"),
        ]
    )
    rfm_recency_score = fields.Integer(
        string="Recency Score",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="1-5 among customers who bought in the last 365 days; 5 = most recent.",
    )
    rfm_frequency_score = fields.Integer(
        string="Frequency Score",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="1-5 by number of purchases in the last 365 days; 5 = most.",
    )
    rfm_monetary_score = fields.Integer(
        string="Monetary Score",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="1-5 by revenue of the last 365 days; 5 = highest.",
    )
    rfm_segment = fields.Selection(
        [
            ("champions", "Champions"),
            ("loyal", "Loyal"),
            ("potential_loyalist", "Potential Loyalists"),
            ("new", "New"),
            ("at_risk", "At Risk"),
            ("hibernating", "Hibernating"),
            ("others", "Others"),
        ],
        string="RFM Segment",
        readonly=True,
        copy=False,
        index="btree_not_null",
    )
    rfm_purchase_count = fields.Integer(
        string="Purchases (365 days)",
        readonly=True,
        copy=False,
        help="Purchases in the last 365 days, as of the last portfolio refresh: "
        "what the frequency score ranks.",
    )
    rfm_revenue = fields.Float(
        string="Revenue (365 days)",
        readonly=True,
        copy=False,
        help="Revenue of the last 365 days in the main company's currency, as of "
        "the last portfolio refresh: what the monetary score and the Pareto "
        "class rank.",
    )
    pareto_class = fields.Selection(
        [("A", "A"), ("B", "B"), ("C", "C")],
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="A: the customers making the first 80 % of the last 365 days' "
        "revenue, B: the next 15 %, C: the rest.",
    )
    late_invoice_count = fields.Integer(
        string="Late Invoices",
        readonly=True,
        copy=False,
        help="Customer invoices of the last 24 months paid after their due date "
        "or still unpaid past it.",
    )
    avg_payment_delay_days = fields.Float(
        string="Average Payment Delay (days)",
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Average days paid after the due date (early payment counts as 0) "
        "over the paid customer invoices of the last 24 months.",
    )
    overdue_amount = fields.Monetary(
        currency_field="lifecycle_currency_id",
        readonly=True,
        copy=False,
        help="Open amount of customer invoices past their due date, in the "
        "currency of the lifetime revenue.",
    )
    data_quality_score = fields.Integer(
        readonly=True,
        copy=False,
        aggregator="avg",
        help="Share of the data quality checks passed (0-100): valid email, "
        "phone, complete address, acquisition channel, no duplicate.",
    )
    data_quality_issues = fields.Char(readonly=True, copy=False)
    data_quality_duplicate_key = fields.Char(
        string="Duplicate Of",
        readonly=True,
        copy=False,
        index="btree_not_null",
        help="The email, phone or VAT number this partner shares with another.",
    )

    @api.depends("commercial_partner_id")
    def _compute_complaint_count(self):
        # _origin: a partner being edited in a form counts its saved record's
        commercial = self.commercial_partner_id._origin
        groups = self.env["crm.complaint"]._read_group(
            [("commercial_partner_id", "in", commercial.ids)],
            ["commercial_partner_id", "state"],
            ["__count"],
        )
        total, open_ = defaultdict(int), defaultdict(int)
        for partner, state, count in groups:
            total[partner] += count
            if state in OPEN_COMPLAINT_STATES:
                open_[partner] += count
        for partner in self:
            commercial = partner.commercial_partner_id._origin
            partner.complaint_count = total[commercial]
            partner.open_complaint_count = open_[commercial]

    def action_view_complaints(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lifecycle.crm_complaint_action"
        )
        action["domain"] = [
            ("commercial_partner_id", "=", self.commercial_partner_id.id)
        ]
        action["context"] = {"default_partner_id": self.id}
        return action

    def action_view_duplicates(self):
        self.ensure_one()
        action = self.env["ir.actions.act_window"]._for_xml_id(
            "crm_lifecycle.res_partner_action_duplicates"
        )
        # commercial partners only: contacts carry their company's key
        action["domain"] = [
            ("data_quality_duplicate_key", "=", self.data_quality_duplicate_key),
            "|",
            ("is_company", "=", True),
            ("parent_id", "=", False),
        ]
        return action

    # ------------------------------------------------------------------
    # PORTFOLIO (see crm.lifecycle.portfolio)
    # ------------------------------------------------------------------
    @api.model
    def _lifecycle_refresh_portfolio(self):
        """Refresh RFM/Pareto, payment behaviour and data quality of all partners."""
        self.env["crm.lifecycle.portfolio"].sudo()._refresh()

    # ------------------------------------------------------------------
    # NETWORK (issue #13): suppliers, carriers, resellers, service partners
    # and investors; complaints name their supplier or carrier, and the
    # network analysis and KPIs read the customers they referred.
    # ------------------------------------------------------------------
    network_role = fields.Selection(
        NETWORK_ROLES,
        index="btree_not_null",
        tracking=True,
        copy=False,
        help="The part this organisation plays in serving our customers; set "
        "on the company, not on its contacts, by lifecycle managers. Customers "
        "it referred (Referred By) count as brought by the network.",
    )

    @api.constrains("network_role", "parent_id", "is_company")
    def _check_network_role_commercial(self):
        for partner in self.filtered("network_role"):
            if partner.commercial_partner_id != partner:
                raise ValidationError(
                    _(
                        "%(partner)s cannot have a network role: the role is the "
                        "organisation's, set it on %(company)s.",
                        partner=partner.display_name,
                        company=partner.commercial_partner_id.display_name,
                    )
                )

    def _check_network_role_rights(self):
        if self.env.su or self.env.user.has_group(NETWORK_ROLE_GROUP):
            return
        raise AccessError(
            _(
                "Only lifecycle managers (sales managers) may set the network "
                "role of a partner."
            )
        )

    @api.model
    def _network_referred_query(self):
        """SQL rows (customer_id, network_partner_id): the commercial partners
        referred by a network partner (their Referred By's company has a
        network role), with that partner. The one definition of the customers
        brought by the network, read by the network analysis and KPIs."""
        self.flush_model(["referred_by_id", "commercial_partner_id", "network_role"])
        return SQL(
            """
            SELECT customer.id AS customer_id, network.id AS network_partner_id
              FROM res_partner customer
              JOIN res_partner referrer ON referrer.id = customer.referred_by_id
              JOIN res_partner network ON network.id = referrer.commercial_partner_id
             WHERE network.network_role IS NOT NULL
               AND customer.commercial_partner_id = customer.id
            """
        )
