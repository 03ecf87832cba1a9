# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models, tools
from odoo.tools import SQL

from ..models.res_partner import NETWORK_ROLES
from ..tools import company_zones, local_day

FACTS = [
    ("referral", "Customer Referred"),
    ("purchase", "Purchase of a Referred Customer"),
    ("complaint", "Complaint Attributed"),
]


class CrmNetworkPartnerReport(models.Model):
    """The network partners (a network role on the company) and what they
    bring: one row per fact, so that a pivot sums them per partner, role and
    month. The customers they referred (``res.partner._network_referred_query``,
    dated on the customer's creation), the purchases of those customers
    (``crm.lifecycle.purchase``, the one definition of a purchase, on its day,
    credit notes lowering the revenue) and the complaints attributed to them
    (``crm.complaint.responsible_partner_id``, on the day received in the
    company's time zone). Row ids: the fact's record id × 3 + its kind."""

    _name = "crm.network.partner.report"
    _description = "Network Partner Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "network_partner_id"

    kind = fields.Selection(FACTS, readonly=True)
    date = fields.Date(readonly=True)
    network_partner_id = fields.Many2one("res.partner", readonly=True)
    network_role = fields.Selection(NETWORK_ROLES, readonly=True)
    customer_id = fields.Many2one("res.partner", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    customers_referred = fields.Integer(readonly=True)
    purchase_count = fields.Integer(string="Purchases", readonly=True)
    revenue = fields.Float(
        readonly=True,
        help="Untaxed amount of the referred customers' purchases, credit "
        "notes deducted, in the currency of the company that sold.",
    )
    complaint_count = fields.Integer(string="Complaints Attributed", readonly=True)

    def _query(self):
        referred = self.env["res.partner"]._network_referred_query()
        return SQL(
            """
            SELECT customer.id * 3 AS id, 'referral' AS kind,
                   customer.create_date::date AS date,
                   network.id AS network_partner_id, network.network_role,
                   customer.id AS customer_id, customer.company_id,
                   1 AS customers_referred, 0 AS purchase_count,
                   0.0 AS revenue, 0 AS complaint_count
              FROM (%(referred)s) referred
              JOIN res_partner customer ON customer.id = referred.customer_id
              JOIN res_partner network ON network.id = referred.network_partner_id
            UNION ALL
            SELECT purchase.id * 3 + 1, 'purchase', purchase.date,
                   network.id, network.network_role, purchase.partner_id,
                   purchase.company_id, 0, purchase.is_purchase::int,
                   purchase.amount, 0
              FROM (%(referred)s) referred
              JOIN crm_lifecycle_purchase purchase
                ON purchase.partner_id = referred.customer_id
              JOIN res_partner network ON network.id = referred.network_partner_id
            UNION ALL
            SELECT complaint.id * 3 + 2, 'complaint',
                   %(received_day)s, network.id, network.network_role,
                   complaint.commercial_partner_id, complaint.company_id,
                   0, 0, 0.0, 1
              FROM crm_complaint complaint
              JOIN res_partner network
                ON network.id = complaint.responsible_partner_id
              JOIN (%(zones)s) zone ON zone.company_id = complaint.company_id
            """,
            referred=referred,
            received_day=local_day(SQL("complaint.date_received"), SQL("zone.tz")),
            zones=company_zones(),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )

    @api.model
    def _search(self, domain, offset=0, limit=None, order=None):
        # the purchases it reads are current (see crm.lifecycle.purchase)
        self.env["crm.lifecycle.purchase"]._sync()
        self.env["res.partner"].flush_model(
            ["referred_by_id", "commercial_partner_id", "network_role", "company_id"]
        )
        self.env["crm.complaint"].flush_model(
            ["responsible_partner_id", "commercial_partner_id", "company_id"]
        )
        return super()._search(domain, offset=offset, limit=limit, order=order)
