# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL, create_index

from ..tools import company_zones, local_day

# the cursor's pre-commit data: whether its commit applies the marks
STALE_KEY = "crm_lifecycle.purchase.sync"
KINDS = ("order", "move", "partner", "all")
# the columns of the orders and journal entries a purchase is derived from
# (see _source_query): written, they mark it stale
ORDER_COLUMNS = (
    "state",
    "partner_id",
    "date_order",
    "amount_untaxed",
    "currency_rate",
    "company_id",
)
MOVE_COLUMNS = (
    "move_type",
    "state",
    "payment_state",
    "reversed_entry_id",
    "commercial_partner_id",
    "invoice_date",
    "amount_untaxed_signed",
    "company_id",
)
# the columns of a row, derived from its document (its id too, see _derive)
DERIVED_COLUMNS = (
    "partner_id",
    "company_id",
    "date",
    "amount",
    "currency_id",
    "source",
    "order_id",
    "move_id",
    "is_purchase",
)
# the columns chaining a customer's purchases (see _link_neighbours)
CHAIN_COLUMNS = ("previous_date", "next_date")


class CrmLifecyclePurchase(models.Model):
    """One row per purchase of a customer: the one definition of a purchase.

    A purchase is a confirmed sale order or a posted customer invoice, as the
    setting *Purchases Are* of the customer's company says (of the default
    company for a customer shared between companies), dated on the invoice
    date or on the order date in the time zone of the company that sold (see
    ``res.company._lifecycle_tz``), with its untaxed amount in the currency of
    the company that sold. Credit notes are rows that lower the revenue without
    being purchases; an invoice its credit notes fully reverse counts for
    nothing, and neither do they.

    The rows are the definition, ``_source_query``, materialised: each is
    derived once, when its order, invoice, customer or company changes, so
    that the lifecycle stages, the portfolio figures and the customer and
    sales KPIs read an indexed table (``_purchase_query``) instead of deriving
    the days and amounts of a million orders at each read. The changes are
    noted as they reach the database (``_mark_stale``, called by the
    ``_write_multi``/``_create`` of the source models, which every stored
    value passes, computed ones included) and applied, in the same
    transaction, before the next read and at the latest before the commit
    (``_sync``). Nobody writes the rows but the system.
    """

    _name = "crm.lifecycle.purchase"
    _description = "Customer Purchase"
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    # derived rows: they go with their customer or document
    partner_id = fields.Many2one(
        "res.partner",
        string="Customer",
        readonly=True,
        required=True,
        ondelete="cascade",
    )
    company_id = fields.Many2one("res.company", readonly=True, required=True)
    date = fields.Date(readonly=True, required=True)
    amount = fields.Monetary(
        string="Untaxed Amount", currency_field="currency_id", readonly=True
    )
    currency_id = fields.Many2one("res.currency", readonly=True)
    source = fields.Selection(
        [("sale_order", "Sales Order"), ("invoice", "Invoice")], readonly=True
    )
    order_id = fields.Many2one(
        "sale.order",
        string="Sales Order",
        readonly=True,
        ondelete="cascade",
        index="btree_not_null",
    )
    move_id = fields.Many2one(
        "account.move",
        string="Invoice",
        readonly=True,
        ondelete="cascade",
        index="btree_not_null",
    )
    is_purchase = fields.Boolean(
        string="Purchase",
        readonly=True,
        help="Unset for a credit note: it lowers the revenue but is no purchase.",
    )
    # The customer's purchases from the company, chained: who bought for the
    # first time, who was active on a day, are then read from the rows of a
    # period alone, without grouping every purchase by customer.
    previous_date = fields.Date(
        string="Previous Purchase",
        readonly=True,
        help="Day of the customer's previous purchase from the company "
        "(none for the first purchase and for a credit note).",
    )
    next_date = fields.Date(
        string="Next Purchase",
        readonly=True,
        help="Day of the customer's next purchase from the company "
        "(none for the last purchase and for a credit note).",
    )

    def init(self):
        # A company's purchases of a period, read from the index alone: who
        # bought (the customer KPIs' windows) and for how much (the totals).
        create_index(
            self.env.cr,
            "crm_lifecycle_purchase_period_index",
            self._table,
            ["company_id", "date", "partner_id", "is_purchase", "amount"],
        )
        # The customers of a company's periods from the index alone: a
        # purchase with its neighbours tells who was new, who bought, who was
        # active (see crm_success_metrics' customer KPIs).
        create_index(
            self.env.cr,
            "crm_lifecycle_purchase_chain_index",
            self._table,
            ["company_id", "date", "partner_id", "previous_date", "next_date"],
            where="is_purchase",
        )
        # a customer's purchases (the lifecycle; whether a buyer bought before)
        create_index(
            self.env.cr,
            "crm_lifecycle_purchase_partner_date_index",
            self._table,
            ["partner_id", "date"],
        )

    # ------------------------------------------------------------------
    # READ
    # ------------------------------------------------------------------
    @api.model
    def _purchase_query(self, since=None, until=None):
        """SQL rows (partner_id, day, order_id, move_id, amount, company_id,
        is_purchase, previous_day, next_day) of the purchases, dated from
        ``since`` to ``until`` (dates, inclusive, both optional): partner_id
        is the commercial partner, amount untaxed in the currency of
        company_id (the company that sold), previous_day and next_day those
        of the customer's purchases from that company before and after it
        (see ``_link_neighbours``). Applies the pending changes first."""
        self._sync()
        return SQL(
            """
            SELECT partner_id, date AS day, order_id, move_id, amount,
                   company_id, is_purchase, previous_date AS previous_day,
                   next_date AS next_day
              FROM crm_lifecycle_purchase
             WHERE (%(since)s IS NULL OR date >= %(since)s)
               AND (%(until)s IS NULL OR date <= %(until)s)
            """,
            since=since,
            until=until,
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # the analysis, searched and grouped through the ORM, is current too
        self._sync()
        return super()._search(domain, offset=offset, limit=limit, order=order)

    # ------------------------------------------------------------------
    # KEEP CURRENT
    # ------------------------------------------------------------------
    @api.model
    def _mark_stale(self, kind, ids):
        """Note that the purchases of these records may have changed:
        ``kind`` is "order" (sale orders), "move" (journal entries), "partner"
        (partners whose commercial entity or company changed) or "all"
        (companies whose purchase source or time zone changed: every row).

        Noted in ``crm.lifecycle.purchase.stale``, applied by ``_sync``: at
        the next read, or else before the commit."""
        if not ids:
            return
        self.env.execute_query(
            SQL(
                "INSERT INTO crm_lifecycle_purchase_stale (kind, res_id)"
                " SELECT %s, unnest(%s::int[])",
                kind,
                list(ids),
            )
        )
        precommit = self.env.cr.precommit
        if STALE_KEY not in precommit.data:
            precommit.data[STALE_KEY] = True
            precommit.add(self._sync)

    @api.model
    def _mark_created(self, kind, records, data_list, state):
        """Mark stale the ``records`` of ``kind`` just created (by
        ``_create`` from ``data_list``) in the ``state`` of a purchase."""
        self._mark_stale(
            kind,
            [
                record.id
                for record, data in zip(records, data_list, strict=True)
                if data["stored"].get("state") == state
            ],
        )

    @api.model
    def _sync(self):
        """Apply the noted changes to the rows (one query when there are
        none)."""
        if self.env.cr.readonly:
            # a read-only request (on a replica, say) writes nothing, and has
            # nothing to apply: every transaction applies its own changes
            # before its commit
            return
        # values still in the cache reach the database, and note their rows
        self._flush_sources()
        stale = self._take_marks()
        if not any(stale.values()):
            return
        if stale["all"]:
            self._rebuild_purchases()
        else:
            self._refresh(stale["order"], stale["move"], stale["partner"])

    def _take_marks(self):
        """{kind: ids} of the marks of ``_mark_stale``, which it deletes."""
        # SKIP LOCKED: the marks another transaction is applying are its own
        rows = self.env.execute_query(
            SQL(
                """
                DELETE FROM crm_lifecycle_purchase_stale
                 WHERE id IN (SELECT id FROM crm_lifecycle_purchase_stale
                                 FOR UPDATE SKIP LOCKED)
             RETURNING kind, res_id
                """
            )
        )
        stale = {kind: set() for kind in KINDS}
        for kind, res_id in rows:
            stale[kind].add(res_id)
        return stale

    def _refresh(self, order_ids, move_ids, partner_ids):
        """Derive again the rows of these orders, entries and partners (of
        the customers and of the orders of these partners)."""
        orders, moves, partners = (
            list(ids) for ids in (order_ids, move_ids, partner_ids)
        )
        customers = self._derive(
            SQL(
                """
                (so.id = ANY(%(orders)s) OR so.partner_id = ANY(%(partners)s)
                 OR p.commercial_partner_id = ANY(%(partners)s))
                """,
                orders=orders,
                partners=partners,
            ),
            # a credit note's row depends on the invoice it reverses
            SQL(
                """
                (m.id = ANY(%(moves)s) OR m.reversed_entry_id = ANY(%(moves)s)
                 OR m.commercial_partner_id = ANY(%(partners)s))
                """,
                moves=moves,
                partners=partners,
            ),
            SQL(
                """
                (stored.order_id = ANY(%(orders)s) OR stored.move_id = ANY(%(moves)s)
                 OR stored.partner_id = ANY(%(partners)s)
                 OR stored.order_id IN (SELECT id FROM sale_order
                                      WHERE partner_id = ANY(%(partners)s))
                 OR stored.move_id IN (SELECT id FROM account_move
                                     WHERE reversed_entry_id = ANY(%(moves)s)))
                """,
                orders=orders,
                moves=moves,
                partners=partners,
            ),
        )
        if customers:
            self._link_neighbours(SQL("partner_id = ANY(%s)", list(customers)))

    @api.model
    def _rebuild_purchases(self):
        """Derive every row again (installation, upgrade, lifecycle rebuild,
        a change of a company's purchase source or time zone)."""
        self._flush_sources()
        self._take_marks()  # all applied by this
        self._derive(SQL("TRUE"), SQL("TRUE"), SQL("TRUE"), whole=True)
        # possibly every row is new: the planner's statistics must follow
        self.env.execute_query(SQL("ANALYZE crm_lifecycle_purchase"))

    def _derive(self, order_scope, move_scope, row_scope, whole=False):
        """One statement: derive the purchases of the orders and entries of
        ``order_scope`` and ``move_scope`` (SQL conditions on ``so``, ``p``
        and ``m``, see ``_source_query``), delete the rows of ``row_scope``
        (on ``stored``) that are no longer purchases, write the others.

        A row's id is its document's (``order id × 2``, ``invoice id × 2 +
        1``): it stays the same however often the row is derived again, and
        an unchanged row is not written at all.

        When the scopes are ``whole``, every purchase is derived, chained to
        its neighbours too (see ``_link_neighbours``) in the same pass.
        Otherwise, returns the ids of the customers whose rows were written
        or deleted (before and after a change of customer): their chains
        are to be linked again."""
        names = DERIVED_COLUMNS + (CHAIN_COLUMNS if whole else ())

        def columns(alias=None):
            return SQL(", ").join(
                SQL.identifier(alias, name) if alias else SQL.identifier(name)
                for name in names
            )

        row_id = SQL("COALESCE(purchase.order_id * 2, purchase.move_id * 2 + 1)")
        chain = SQL(
            """
            , CASE WHEN purchase.is_purchase THEN lag(purchase.day) OVER customer
              END AS previous_date,
              CASE WHEN purchase.is_purchase THEN lead(purchase.day) OVER customer
              END AS next_date
            """
        )
        chain_window = SQL(
            """
            WINDOW customer AS (PARTITION BY purchase.partner_id,
                                             purchase.company_id,
                                             purchase.is_purchase
                                    ORDER BY purchase.day, %s)
            """,
            row_id,
        )
        customers = SQL(
            """
            , before AS (
                SELECT stored.id, stored.partner_id
                  FROM crm_lifecycle_purchase stored JOIN fresh USING (id)
            )
            SELECT partner_id FROM gone
             UNION SELECT partner_id FROM written
             UNION SELECT before.partner_id FROM before JOIN written USING (id)
            """
        )
        rows = self.env.execute_query(
            SQL(
                """
                WITH fresh AS MATERIALIZED (
                    SELECT %(row_id)s AS id,
                           purchase.partner_id, purchase.company_id,
                           purchase.day AS date, purchase.amount,
                           company.currency_id,
                           CASE WHEN purchase.order_id IS NULL THEN 'invoice'
                                ELSE 'sale_order' END AS source,
                           purchase.order_id, purchase.move_id,
                           purchase.is_purchase
                           %(chain)s
                      FROM (%(purchases)s) purchase
                      JOIN res_company company ON company.id = purchase.company_id
                    %(chain_window)s
                ), gone AS (
                    DELETE FROM crm_lifecycle_purchase stored
                     WHERE %(row_scope)s
                       AND NOT EXISTS (SELECT 1 FROM fresh WHERE fresh.id = stored.id)
                 RETURNING stored.partner_id
                ), written AS (
                    INSERT INTO crm_lifecycle_purchase AS stored (id, %(columns)s)
                    SELECT id, %(columns)s FROM fresh
                        ON CONFLICT (id) DO UPDATE SET (%(columns)s) = (%(excluded)s)
                     WHERE (%(stored)s) IS DISTINCT FROM (%(excluded)s)
                 RETURNING stored.id, stored.partner_id
                )
                %(customers)s
                """,
                row_id=row_id,
                chain=chain if whole else SQL(),
                chain_window=chain_window if whole else SQL(),
                purchases=self._source_query(order_scope, move_scope),
                row_scope=row_scope,
                columns=columns(),
                excluded=columns("excluded"),
                stored=columns("stored"),
                customers=SQL("SELECT 1") if whole else customers,
            )
        )
        self.invalidate_model()
        return None if whole else {row[0] for row in rows}

    def _link_neighbours(self, customer_scope):
        """Chain the purchases of the customers of ``customer_scope`` (an SQL
        condition on the rows): each gets the days of the customer's previous
        and next purchases from the same company, in the order of their days
        (then ids, for a customer buying twice a day). Credit notes get none.
        Unchanged rows are not written."""
        self.env.execute_query(
            SQL(
                """
                UPDATE crm_lifecycle_purchase stored
                   SET previous_date = linked.previous_date,
                       next_date = linked.next_date
                  FROM (SELECT id,
                               CASE WHEN is_purchase THEN lag(date) OVER customer
                               END AS previous_date,
                               CASE WHEN is_purchase THEN lead(date) OVER customer
                               END AS next_date
                          FROM crm_lifecycle_purchase
                         WHERE %(scope)s
                        WINDOW customer AS (PARTITION BY partner_id, company_id,
                                                         is_purchase
                                                ORDER BY date, id)) linked
                 WHERE stored.id = linked.id
                   AND (stored.previous_date, stored.next_date)
                       IS DISTINCT FROM (linked.previous_date, linked.next_date)
                """,
                scope=customer_scope,
            )
        )
        self.invalidate_model(["previous_date", "next_date"])

    # ------------------------------------------------------------------
    # THE DEFINITION
    # ------------------------------------------------------------------
    @api.model
    def _company_sources(self):
        """{company id: its purchase source} of every company."""
        companies = self.env["res.company"]._lifecycle_companies()
        return {company.id: company.lifecycle_purchase_source for company in companies}

    @api.model
    def _source_query(self, order_scope, move_scope):
        """The purchases, derived from the orders (aliases ``so`` and their
        partner ``p``) matching the SQL condition ``order_scope`` and the
        customer invoices and credit notes (``m``) matching ``move_scope``,
        as SQL rows (partner_id, day, order_id, move_id, amount, company_id,
        is_purchase), see the class. The models read are flushed first."""
        self._flush_sources()
        sources = self._company_sources()
        by_source = {
            source: [cid for cid, own in sources.items() if own == source]
            for source in ("sale_order", "invoice")
        }
        default_company_id = self.env["res.company"]._lifecycle_default_company().id
        # The company of a shared customer (none) is the default company.
        # As sale.report: the order's currency_rate converts to its company's
        # currency.
        return SQL(
            """
            SELECT p.commercial_partner_id AS partner_id, %(order_day)s AS day,
                   so.id AS order_id, NULL::integer AS move_id,
                   so.amount_untaxed
                       / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0
                         ELSE so.currency_rate END AS amount,
                   so.company_id, TRUE AS is_purchase
              FROM sale_order so
              JOIN res_partner p ON p.id = so.partner_id
              JOIN (%(zones)s) zone ON zone.company_id = so.company_id
             WHERE %(any_orders)s AND so.state = 'sale' AND %(order_scope)s
               AND (p.company_id = ANY(%(order_companies)s)
                    OR (p.company_id IS NULL AND %(default_orders)s))
         UNION ALL
            SELECT m.commercial_partner_id, m.invoice_date, NULL, m.id,
                   m.amount_untaxed_signed, m.company_id,
                   m.move_type = 'out_invoice'
              FROM account_move m
              JOIN res_partner p ON p.id = m.commercial_partner_id
         LEFT JOIN account_move reversed ON reversed.id = m.reversed_entry_id
             WHERE %(any_invoices)s AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.state = 'posted' AND %(move_scope)s
               AND m.payment_state IS DISTINCT FROM 'reversed'
               AND reversed.payment_state IS DISTINCT FROM 'reversed'
               AND (p.company_id = ANY(%(invoice_companies)s)
                    OR (p.company_id IS NULL AND %(default_invoices)s))
            """,
            any_orders=bool(by_source["sale_order"]),
            order_companies=by_source["sale_order"],
            default_orders=default_company_id in by_source["sale_order"],
            any_invoices=bool(by_source["invoice"]),
            invoice_companies=by_source["invoice"],
            default_invoices=default_company_id in by_source["invoice"],
            order_day=local_day(SQL("so.date_order"), SQL("zone.tz")),
            zones=company_zones(),
            order_scope=order_scope,
            move_scope=move_scope,
        )

    def _flush_sources(self):
        self.env["sale.order"].flush_model(ORDER_COLUMNS)
        self.env["account.move"].flush_model(MOVE_COLUMNS)
        self.env["res.partner"].flush_model(["company_id", "commercial_partner_id"])
        self.env["res.company"].flush_model(
            ["lifecycle_tz", "lifecycle_purchase_source"]
        )
