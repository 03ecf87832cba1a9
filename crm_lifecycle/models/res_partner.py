# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from odoo import _, api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.tools import SQL

from ..engine import intimacy, portfolio
from ..engine.sql_arrays import array_literal
from ..tools import jit_off
from .crm_complaint import OPEN_COMPLAINT_STATES

# Portfolio analysis (RFM over a year, payment behaviour over two years).
RFM_WINDOW_DAYS = 365
PAYMENT_WINDOW_DAYS = 730
PORTFOLIO_FIGURES = [
    "rfm_recency_score",
    "rfm_frequency_score",
    "rfm_monetary_score",
    "rfm_segment",
    "pareto_class",
    "late_invoice_count",
    "avg_payment_delay_days",
    "overdue_amount",
    "data_quality_score",
    "data_quality_issues",
    "data_quality_duplicate_key",
]

# Lifecycle figures are written in bulk by the recompute (see
# ``_lifecycle_recompute``) on the commercial partner and all its contacts, so
# contacts show their company's values.
LIFECYCLE_FIGURES = [
    "lifecycle_stage_id",
    "lifecycle_stage_date",
    "first_order_date",
    "last_order_date",
    "order_count",
    "lifetime_revenue",
    "avg_days_between_orders",
    "next_expected_order_date",
    "referral_count",
    "referred_revenue",
]
# Nobody writes these through the ORM (see ``_check_figures_not_written``)...
COMPUTED_FIGURES = frozenset(LIFECYCLE_FIGURES + PORTFOLIO_FIGURES)
# ... except code whose context holds this object under FIGURES_WRITER_KEY:
# no RPC call can pass it (a context over RPC is JSON).
FIGURES_WRITER_KEY = "crm_lifecycle_figures_writer"
FIGURES_WRITER = object()


class ResPartner(models.Model):
    _inherit = "res.partner"

    # ------------------------------------------------------------------
    # LIFECYCLE (crm_lifecycle core)
    # ------------------------------------------------------------------
    lifecycle_stage_id = fields.Many2one(
        "crm.lifecycle.stage",
        index=True,
        tracking=True,
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
        return super().create(vals_list)

    def write(self, vals):
        self._check_figures_not_written([vals])
        referrers = self.referred_by_id if "referred_by_id" in vals else None
        res = super().write(vals)
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
        with jit_off(self.env.cr):
            self.env["crm.lifecycle.history"].sudo()._lifecycle_run(as_of=as_of)

    def _lifecycle_refresh(self):
        """Recompute these partners' commercial entities and their referrers,
        with a fixed number of queries whatever the size of the database."""
        partners = self.commercial_partner_id
        partners |= partners.referred_by_id.commercial_partner_id
        if partners:
            self.env["crm.lifecycle.history"].sudo()._lifecycle_run(partners.ids)

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
        self._lifecycle_refresh_portfolio()
        self._lifecycle_create_reminders()

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
    # PORTFOLIO (bulk refresh, called by the daily cron)
    # ------------------------------------------------------------------
    @api.model
    def _lifecycle_refresh_portfolio(self):
        """Refresh RFM/Pareto, payment behaviour and data quality of all partners."""
        self.env.flush_all()
        with jit_off(self.env.cr):
            self._lifecycle_refresh_rfm()
            self._lifecycle_refresh_payment_behaviour()
            self._lifecycle_refresh_data_quality()
        self.invalidate_model(PORTFOLIO_FIGURES)

    @api.model
    def _lifecycle_write_figures(self, columns, rows, settings=None):
        """Write ``rows`` (tuples: commercial partner id, then one value per
        column) on the commercial partners and their contacts in one UPDATE,
        touching only the rows that change, and clear the columns on every
        other partner, except those of the companies left out of
        ``settings`` (see ``res.company._lifecycle_settings``), which keep
        their figures."""
        ids = [row[0] for row in rows]
        arrays = [[row[index + 1] for row in rows] for index in range(len(columns))]
        idents = [SQL.identifier(col) for col in columns]

        def row_of(alias):
            return SQL(", ").join(SQL("%s.%s", SQL(alias), ident) for ident in idents)

        self.env.cr.execute(
            SQL(
                "UPDATE res_partner p SET %s FROM unnest(%s::int[], %s) AS v(id, %s) "
                "WHERE p.commercial_partner_id = v.id "
                "AND (%s) IS DISTINCT FROM (%s)",
                SQL(", ").join(SQL("%s = v.%s", ident, ident) for ident in idents),
                array_literal(ids),
                SQL(", ").join(
                    SQL(
                        "%s::%s[]",
                        array_literal(array),
                        SQL(self._fields[col].column_type[0]),
                    )
                    for col, array in zip(columns, arrays, strict=True)
                ),
                SQL(", ").join(idents),
                row_of("p"),
                row_of("v"),
            )
        )
        default_company_id = self.env["res.company"]._lifecycle_default_company().id
        self.env.cr.execute(
            SQL(
                "UPDATE res_partner SET %s WHERE (%s) "
                "AND NOT (commercial_partner_id = ANY(%s::int[])) "
                "AND (%s OR COALESCE(company_id, %s) = ANY(%s))",
                SQL(", ").join(SQL("%s = NULL", ident) for ident in idents),
                SQL(" OR ").join(SQL("%s IS NOT NULL", ident) for ident in idents),
                array_literal(ids),
                settings is None,
                default_company_id,
                list(settings or ()),
            )
        )

    @api.model
    def _lifecycle_refresh_rfm(self):
        """RFM quintiles and Pareto class over the 365 days before today.

        Scored among the commercial partners with at least one purchase (as
        the lifecycle counts them) in the window; ties are broken by partner
        id so that NTILE is deterministic. Revenue is compared in the
        lifecycle currency (see ``res.company._lifecycle_settings``).
        """
        today = fields.Date.context_today(self)
        companies = self.env["res.company"]._lifecycle_companies()
        settings = companies._lifecycle_settings()
        history = self.env["crm.lifecycle.history"]
        rows = self.env.execute_query(
            SQL(
                """
                WITH per_customer AS (
                    SELECT purchase.partner_id,
                           MAX(purchase.day) FILTER (WHERE purchase.is_purchase)
                               AS last_date,
                           COUNT(*) FILTER (WHERE purchase.is_purchase) AS frequency,
                           SUM(purchase.amount
                               * COALESCE(account_currency_table.rate, 1)) AS revenue
                      FROM (%(purchases)s) purchase
                      JOIN %(currency_table)s
                        ON account_currency_table.company_id = purchase.company_id
                     WHERE purchase.day >= %(start)s AND purchase.day <= %(today)s
                  GROUP BY purchase.partner_id
                    HAVING bool_or(purchase.is_purchase)
                )
                SELECT partner_id,
                       NTILE(5) OVER (ORDER BY last_date, partner_id),
                       NTILE(5) OVER (ORDER BY frequency, partner_id),
                       NTILE(5) OVER (ORDER BY revenue, partner_id),
                       revenue
                  FROM per_customer
                """,
                purchases=history._lifecycle_purchase_query(settings),
                currency_table=companies._lifecycle_currency_table(),
                start=today - timedelta(days=RFM_WINDOW_DAYS),
                today=today,
            )
        )
        classes = portfolio.pareto_classes({row[0]: row[4] for row in rows})
        self._lifecycle_write_figures(
            [
                "rfm_recency_score",
                "rfm_frequency_score",
                "rfm_monetary_score",
                "rfm_segment",
                "pareto_class",
            ],
            [
                (pid, r, f, m, portfolio.rfm_segment(r, f), classes[pid])
                for pid, r, f, m, _revenue in rows
            ],
            settings,
        )

    @api.model
    def _lifecycle_refresh_payment_behaviour(self):
        """Late invoices, payment delay and overdue amount from posted invoices.

        An invoice is paid on the latest date of the reconciliations of its
        receivable lines. Late count and delay look at invoices dated in the
        last 24 months; the overdue amount at every open invoice, in the
        partner's lifecycle currency.
        """
        today = fields.Date.context_today(self)
        companies = self.env["res.company"]._lifecycle_companies()
        settings = companies._lifecycle_settings()
        default_company_id = companies._lifecycle_default_company().id
        rows = self.env.execute_query(
            SQL(
                """
                WITH invoice AS (
                    SELECT p.commercial_partner_id AS partner_id,
                           m.invoice_date >= %(since)s AS recent,
                           m.invoice_date_due AS due,
                           m.payment_state IN ('paid', 'in_payment') AS paid,
                           m.payment_state IN ('not_paid', 'partial')
                               AND m.invoice_date_due < %(today)s AS overdue,
                           m.amount_residual_signed
                               * COALESCE(account_currency_table.rate, 1) AS residual,
                           (SELECT MAX(apr.max_date)
                              FROM account_move_line l
                              JOIN account_partial_reconcile apr
                                ON apr.debit_move_id = l.id
                             WHERE l.move_id = m.id
                               AND l.display_type = 'payment_term') AS paid_on
                      FROM account_move m
                      JOIN res_partner p ON p.id = m.partner_id
                      JOIN %(currency_table)s
                        ON account_currency_table.company_id = m.company_id
                     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                )
                SELECT invoice.partner_id, cp.company_id,
                       COUNT(*) FILTER (WHERE recent AND (overdue
                           OR (paid AND paid_on > due))),
                       AVG(GREATEST(paid_on - due, 0))
                           FILTER (WHERE recent AND paid AND paid_on IS NOT NULL),
                       SUM(residual) FILTER (WHERE overdue)
                  FROM invoice
                  JOIN res_partner cp ON cp.id = invoice.partner_id
              GROUP BY invoice.partner_id, cp.company_id
                """,
                since=today - timedelta(days=PAYMENT_WINDOW_DAYS),
                today=today,
                currency_table=companies._lifecycle_currency_table(),
            )
        )
        figures = []
        for pid, company_id, late, delay, overdue in rows:
            own = settings.get(company_id or default_company_id)
            if own is not None:  # else its company's settings are broken (logged)
                figures.append(
                    (pid, late, float(delay or 0.0), float(overdue or 0.0) * own.rate)
                )
        self._lifecycle_write_figures(
            ["late_invoice_count", "avg_payment_delay_days", "overdue_amount"],
            figures,
            settings,
        )

    @api.model
    def _lifecycle_refresh_data_quality(self):
        """Score the active commercial partners on the data quality checks."""
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT id, email, ARRAY[phone, mobile] AS phones, vat, street,
                       city, country_id, acquisition_channel_id AS channel_id
                  FROM res_partner
                 WHERE active AND id = commercial_partner_id
                """
            )
        )
        duplicates = portfolio.duplicate_keys(rows)
        labels = self._data_quality_check_labels()
        figures = []
        for row in rows:
            failed = portfolio.failed_quality_checks(row, row["id"] in duplicates)
            figures.append(
                (
                    row["id"],
                    portfolio.quality_score(failed),
                    ", ".join(labels[check] for check in failed) or None,
                    duplicates.get(row["id"]),
                )
            )
        self._lifecycle_write_figures(
            [
                "data_quality_score",
                "data_quality_issues",
                "data_quality_duplicate_key",
            ],
            figures,
        )

    @api.model
    def _data_quality_check_labels(self):
        return {
            "email": _("invalid email"),
            "phone": _("no valid phone"),
            "address": _("incomplete address"),
            "channel": _("no acquisition channel"),
            "duplicate": _("possible duplicate"),
        }

    # ------------------------------------------------------------------
    # REMINDERS (called by the daily cron)
    # ------------------------------------------------------------------
    @api.model
    def _lifecycle_create_reminders(self):
        """Create reorder follow-up and birthday activities for salespeople.

        Reorder: commercial partners whose next expected purchase is at most 7
        days away or passed. Birthday: partners whose birthday is at most 7
        days away. Assigned to the partner's salesperson (or its company's);
        never while an activity of that type is open on the partner, nor
        twice for the same due date (the types keep done activities).
        """
        self.flush_model(
            ["active", "birthday", "commercial_partner_id", "next_expected_order_date"]
        )
        self.flush_model(["user_id"])
        today = fields.Date.context_today(self)
        reorder_type = self.env.ref("crm_lifecycle.mail_activity_type_reorder_followup")
        birthday_type = self.env.ref("crm_lifecycle.mail_activity_type_birthday")
        candidates = []  # (partner id, salesperson id, activity type, deadline)
        rows = self.env.execute_query(
            SQL(
                """
                SELECT p.id, COALESCE(p.user_id, cp.user_id),
                       p.next_expected_order_date, p.id = p.commercial_partner_id,
                       p.birthday
                  FROM res_partner p
                  JOIN res_partner cp ON cp.id = p.commercial_partner_id
                 WHERE p.active AND COALESCE(p.user_id, cp.user_id) IS NOT NULL
                   AND ((p.id = p.commercial_partner_id
                         AND p.next_expected_order_date <= %(horizon)s)
                        OR p.birthday IS NOT NULL)
                """,
                horizon=today + timedelta(days=intimacy.REMINDER_LEAD_DAYS),
            )
        )
        for pid, user_id, next_expected, commercial, birthday in rows:
            if commercial and intimacy.reorder_due(next_expected, today):
                candidates.append((pid, user_id, reorder_type, next_expected))
            birthday_date = intimacy.birthday_reminder_date(birthday, today)
            if birthday_date:
                candidates.append((pid, user_id, birthday_type, birthday_date))
        if not candidates:
            return self.env["mail.activity"]
        existing = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", [c[0] for c in candidates]),
                    ("activity_type_id", "in", [reorder_type.id, birthday_type.id]),
                ]
            )
        )
        open_keys = {(a.res_id, a.activity_type_id) for a in existing if a.active}
        dated_keys = {(a.res_id, a.activity_type_id, a.date_deadline) for a in existing}
        model_id = self.env["ir.model"]._get_id("res.partner")
        return self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": pid,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "user_id": user_id,
                    "date_deadline": deadline,
                }
                for pid, user_id, activity_type, deadline in candidates
                if (pid, activity_type) not in open_keys
                and (pid, activity_type, deadline) not in dated_keys
            ]
        )
