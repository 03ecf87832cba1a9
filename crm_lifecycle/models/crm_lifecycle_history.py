# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError
from odoo.tools import SQL

from ..engine.customer import days_without_purchase
from ..tools import jit_off

# the reason of a row entered by a person (see crm.lifecycle.correction.wizard)
MANUAL = "manual"
# the codes are stored: the labels are what users read, in the history and
# the chatter (see _reason_text)
REASONS = [
    ("order", "Purchase (sale order)"),
    ("invoice", "Purchase (invoice)"),
    ("inactivity", "No recent purchase"),
    ("referral", "Referred a customer or promoted us"),
    ("lead", "Lead or quotation"),
    (MANUAL, "Manual correction"),
    ("rebuild", "Rebuilt from past orders"),
]


class CrmLifecycleHistory(models.Model):
    """Append-only log of lifecycle stage changes of commercial partners.

    The recompute (``crm.lifecycle.recompute``) appends its rows and words
    the chatter notes from them (``_change_text``), so that the chatter tells
    what the history holds.
    """

    _name = "crm.lifecycle.history"
    _description = "Customer Lifecycle History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    # evidence: a customer with history is archived, not deleted (see
    # res.partner._unlink_except_lifecycle_history)
    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True)
    stage_from_id = fields.Many2one("crm.lifecycle.stage", string="From Stage")
    stage_to_id = fields.Many2one("crm.lifecycle.stage", string="To Stage")
    date = fields.Date(required=True, index=True)
    reason = fields.Selection(REASONS, required=True)
    order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        index="btree_not_null",
        check_company=True,
    )
    note = fields.Text(help="Why a person entered this row (manual corrections).")

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    # Rows are created by the system only (nobody has the create right: the
    # recompute inserts them in SQL, the manual correction wizard with sudo
    # after its checks).
    def write(self, vals):
        self._check_system_user()
        return super().write(vals)

    def unlink(self):
        self._check_system_user()
        return super().unlink()

    def _check_system_user(self):
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            raise AccessError(
                _(
                    "The lifecycle history is append-only: only the system "
                    "administrator can change or delete its entries."
                )
            )

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------
    @api.model
    def _rebuild(self, partners=None):
        """Replay all purchases and inactivity thresholds up to today and
        rewrite the history of ``partners`` (all when None) with reason
        ``rebuild``, keeping the manual corrections.

        Private: run at installation and by lifecycle managers through
        ``crm.lifecycle.maintenance.wizard``; it runs as superuser."""
        ids = None if partners is None else partners.commercial_partner_id.ids
        with jit_off(self.env.cr):
            self.env["crm.lifecycle.recompute"].sudo()._run(ids, rebuild=True)

    # The definition of a purchase, read by the recompute and the portfolio
    def _lifecycle_purchase_query(self, settings):
        """Purchases as rows (partner_id, day, order_id, amount, company_id,
        is_purchase): the confirmed sale orders or the posted customer
        invoices, as the settings of the customer's company say (see
        ``res.company._lifecycle_settings``). ``amount`` is untaxed, in the
        currency of the purchase's company. Credit notes lower the revenue
        without being purchases; an invoice its credit notes fully reverse
        counts for nothing, and neither do they."""
        by_source = {
            source: [
                cid for cid, own in settings.items() if own.purchase_source == source
            ]
            for source in ("sale_order", "invoice")
        }
        default_company_id = self.env["res.company"]._lifecycle_default_company().id
        # as sale.report: the order's currency_rate converts to its company's currency
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, so.date_order::date AS day,
                   so.id AS order_id,
                   so.amount_untaxed
                       / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0
                         ELSE so.currency_rate END AS amount,
                   so.company_id, TRUE AS is_purchase
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
             WHERE %(any_orders)s AND so.state = 'sale'
               AND COALESCE(p.company_id, %(default)s) = ANY(%(order_companies)s)
         UNION ALL
            SELECT m.commercial_partner_id, m.invoice_date, NULL,
                   m.amount_untaxed_signed, m.company_id,
                   m.move_type = 'out_invoice'
              FROM account_move m
              JOIN res_partner p ON p.id = m.commercial_partner_id
         LEFT JOIN account_move reversed ON reversed.id = m.reversed_entry_id
             WHERE %(any_invoices)s AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.state = 'posted'
               AND m.payment_state IS DISTINCT FROM 'reversed'
               AND reversed.payment_state IS DISTINCT FROM 'reversed'
               AND COALESCE(p.company_id, %(default)s) = ANY(%(invoice_companies)s)
            """,
            any_orders=bool(by_source["sale_order"]),
            order_companies=by_source["sale_order"],
            any_invoices=bool(by_source["invoice"]),
            invoice_companies=by_source["invoice"],
            default=default_company_id,
        )

    @api.model
    def _change_text(self, row, stages, day, purchase_dates=()):
        """The chatter line of a history row (an ``engine.customer.HistoryRow``):
        its stages, formatted date ``day`` and reason in words.

        :param stages: {stage id: stage}
        :param purchase_dates: the customer's sorted purchase dates
        """
        no_stage = self.env._("no stage")
        return self.env._(
            "%(stage_from)s → %(stage_to)s on %(date)s: %(reason)s",
            stage_from=stages[row.stage_from_id].name
            if row.stage_from_id
            else no_stage,
            stage_to=stages[row.stage_to_id].name if row.stage_to_id else no_stage,
            date=day,
            reason=self._reason_text(row, stages, purchase_dates),
        )

    @api.model
    def _reason_text(self, row, stages, purchase_dates):
        """Why the stage changed, as a user says it."""
        if row.reason == "inactivity":
            return self.env._(
                "No purchase for %(days)s days",
                days=days_without_purchase(purchase_dates, row.date),
            )
        if row.reason in ("order", "invoice"):
            if not row.stage_to_id:
                return self.env._("Purchases cancelled")
            if stages[row.stage_to_id].code == "new":
                return self.env._("First purchase")
            return self.env._("Purchase")
        return self._reason_labels()[row.reason]

    @tools.ormcache("self.env.lang")
    def _reason_labels(self):
        return dict(self._fields["reason"]._description_selection(self.env))
