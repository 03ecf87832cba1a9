# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from ..engine.days import any_zone_bounds
from ..tools import company_zones, local_day


class CrmLifecyclePurchase(models.Model):
    """One row per purchase of a customer: the one definition of a purchase.

    A purchase is a confirmed sale order or a posted customer invoice, as the
    setting *Purchases Are* of the customer's company says (of the default
    company for a customer shared between companies), dated on the invoice
    date or on the order date in the time zone of the company that sold (see
    ``res.company._lifecycle_tz``), with its untaxed amount in the currency of
    the company that sold. Credit notes are rows that lower the revenue without being
    purchases; an invoice its credit notes fully reverse counts for nothing,
    and neither do they.

    The lifecycle stages, the portfolio figures and the customer and sales KPIs
    read the same SQL, ``_purchase_query``; users read it as an analysis.
    """

    _name = "crm.lifecycle.purchase"
    _description = "Customer Purchase"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "partner_id"

    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    date = fields.Date(readonly=True)
    amount = fields.Monetary(
        string="Untaxed Amount", currency_field="currency_id", readonly=True
    )
    currency_id = fields.Many2one("res.currency", readonly=True)
    source = fields.Selection(
        [("sale_order", "Sales Order"), ("invoice", "Invoice")], readonly=True
    )
    order_id = fields.Many2one("sale.order", string="Sales Order", readonly=True)
    move_id = fields.Many2one("account.move", string="Invoice", readonly=True)
    is_purchase = fields.Boolean(
        string="Purchase",
        readonly=True,
        help="Unset for a credit note: it lowers the revenue but is no purchase.",
    )

    @property
    def _table_query(self):
        return SQL(
            """
            SELECT COALESCE(purchase.order_id * 2, purchase.move_id * 2 + 1) AS id,
                   purchase.partner_id, purchase.company_id,
                   purchase.day AS date, purchase.amount,
                   company.currency_id,
                   CASE WHEN purchase.order_id IS NULL THEN 'invoice'
                        ELSE 'sale_order' END AS source,
                   purchase.order_id, purchase.move_id, purchase.is_purchase
              FROM (%s) purchase
              JOIN res_company company ON company.id = purchase.company_id
            """,
            self._purchase_query(self._company_sources()),
        )

    @api.model
    def _company_sources(self):
        """{company id: its purchase source} of every company."""
        companies = self.env["res.company"]._lifecycle_companies()
        return {company.id: company.lifecycle_purchase_source for company in companies}

    @api.model
    def _purchase_query(self, sources, since=None, until=None):
        """The purchases of the customers of the companies of ``sources``
        ({company id: "sale_order" or "invoice"}), as SQL rows (partner_id,
        day, order_id, move_id, amount, company_id, is_purchase): partner_id is
        the commercial partner, amount untaxed in the currency of company_id
        (the company that sold). The day of an order is its ``date_order`` in
        the time zone of the company that sold. ``since`` and ``until`` (dates,
        inclusive) bound the days, on the orders' and invoices' own indexed
        columns (for orders, a UTC range that holds these days in any zone,
        then the exact days). The models read are flushed first."""
        self._flush_purchase_sources()
        by_source = {
            source: [cid for cid, own in sources.items() if own == source]
            for source in ("sale_order", "invoice")
        }
        default_company_id = self.env["res.company"]._lifecycle_default_company().id
        since_at, until_at = any_zone_bounds(since, until)
        # The company of a shared customer (none) is the default company; said
        # as an OR rather than COALESCE(...) = ANY(...), so that PostgreSQL
        # estimates it from its statistics (a misestimate made it read orders
        # customer by customer, three times slower on a million orders).
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
             WHERE %(any_orders)s AND so.state = 'sale'
               AND (p.company_id = ANY(%(order_companies)s)
                    OR (p.company_id IS NULL AND %(default_orders)s))
               AND (%(since)s IS NULL
                    OR (so.date_order >= %(since_at)s AND %(order_day)s >= %(since)s))
               AND (%(until)s IS NULL
                    OR (so.date_order < %(until_at)s AND %(order_day)s <= %(until)s))
         UNION ALL
            SELECT m.commercial_partner_id, m.invoice_date, NULL, m.id,
                   m.amount_untaxed_signed, m.company_id,
                   m.move_type = 'out_invoice'
              FROM account_move m
              JOIN res_partner p ON p.id = m.commercial_partner_id
         LEFT JOIN account_move reversed ON reversed.id = m.reversed_entry_id
             WHERE %(any_invoices)s AND m.move_type IN ('out_invoice', 'out_refund')
               AND m.state = 'posted'
               AND m.payment_state IS DISTINCT FROM 'reversed'
               AND reversed.payment_state IS DISTINCT FROM 'reversed'
               AND (p.company_id = ANY(%(invoice_companies)s)
                    OR (p.company_id IS NULL AND %(default_invoices)s))
               AND (%(since)s IS NULL OR m.invoice_date >= %(since)s)
               AND (%(until)s IS NULL OR m.invoice_date <= %(until)s)
            """,
            any_orders=bool(by_source["sale_order"]),
            order_companies=by_source["sale_order"],
            default_orders=default_company_id in by_source["sale_order"],
            any_invoices=bool(by_source["invoice"]),
            invoice_companies=by_source["invoice"],
            default_invoices=default_company_id in by_source["invoice"],
            order_day=local_day(SQL("so.date_order"), SQL("zone.tz")),
            zones=company_zones(),
            since=since,
            until=until,
            since_at=since_at,
            until_at=until_at,
        )

    def _flush_purchase_sources(self):
        self.env["sale.order"].flush_model(
            [
                "state",
                "partner_id",
                "date_order",
                "amount_untaxed",
                "currency_rate",
                "company_id",
            ]
        )
        self.env["account.move"].flush_model(
            [
                "move_type",
                "state",
                "payment_state",
                "reversed_entry_id",
                "commercial_partner_id",
                "invoice_date",
                "amount_untaxed_signed",
                "company_id",
            ]
        )
        self.env["res.partner"].flush_model(["company_id", "commercial_partner_id"])
        self.env["res.company"].flush_model(["lifecycle_tz"])
