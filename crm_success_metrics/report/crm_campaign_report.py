# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, fields, models
from odoo.tools import SQL

from odoo.addons.crm_lifecycle.tools import company_zones, local_day


class CrmCampaignReport(models.Model):
    """What each UTM campaign, source and medium brought per month and
    company: leads created, of which opportunities, opportunities won (by
    closing month), new customers (by month of their first purchase) with
    their first-year revenue, and the campaign's cost.

    A new customer is the one definition of ``crm.lifecycle.purchase``: a
    customer's first purchase from the company. It is attributed to the
    campaign, source and medium of the document of that purchase, the sale
    order (or the invoice when the company's purchases are its invoices,
    which carry the campaign of their order); an order made from an
    opportunity carries the opportunity's. A cost belongs to a campaign as a
    whole: its rows have no source or medium.

    Read through ``_table_query``: the purchases are brought up to date
    before each read, as ``crm.lifecycle.purchase`` itself does."""

    _name = "crm.campaign.report"
    _inherit = "crm.success.ratio.report.mixin"
    _description = "Campaign Return Analysis"
    _auto = False
    _order = "date desc, id"
    _rec_name = "campaign_id"
    # days of a customer's first year, its first purchase's day included
    _first_year_days = 365
    _report_ratios = {
        "cost_per_lead": ("cost", "leads", 1.0),
        "cost_per_customer": ("cost", "new_customers", 1.0),
        "return_on_spend": ("first_year_revenue", "cost", 100.0),
    }

    date = fields.Date(string="Month", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    leads = fields.Integer(readonly=True)
    opportunities = fields.Integer(
        readonly=True, help="Leads of the month that are (or became) opportunities."
    )
    won = fields.Integer(readonly=True, help="Opportunities won, by closing month.")
    new_customers = fields.Integer(
        readonly=True,
        help="Customers whose first purchase from the company falls in the "
        "month, attributed to the campaign, source and medium of that purchase.",
    )
    first_year_revenue = fields.Float(
        readonly=True,
        help="Untaxed revenue, in company currency, of the new customers' "
        "purchases in the 365 days from their first purchase (credit notes "
        "deducted).",
    )
    cost = fields.Float(readonly=True, help="Costs entered on the campaign.")
    cost_per_lead = fields.Float(readonly=True, help="Cost / leads.")
    cost_per_customer = fields.Float(
        string="Cost per New Customer", readonly=True, help="Cost / new customers."
    )
    return_on_spend = fields.Float(
        string="Return on Spend (%)",
        readonly=True,
        help="First-year revenue of the new customers / cost x 100.",
    )

    # ------------------------------------------------------------------
    # THE ATTRIBUTION (the KPIs of crm_success_kpi_campaigns.py read it too)
    # ------------------------------------------------------------------
    @api.model
    def _new_customers_query(self, purchases, condition):
        """SQL rows (partner_id, company_id, day, campaign_id, source_id,
        medium_id, first_year_revenue) of the first purchases among
        ``purchases`` (rows of ``crm.lifecycle.purchase._purchase_query``,
        alias ``purchase``) that match ``condition`` (SQL on ``purchase``,
        deciding which are a new customer's): one row per new customer, the
        UTM fields of its purchase's document, and the revenue of its
        purchases of the first ``_first_year_days`` days."""
        self.env["sale.order"].flush_model(["campaign_id", "source_id", "medium_id"])
        self.env["account.move"].flush_model(["campaign_id", "source_id", "medium_id"])
        return SQL(
            """
            SELECT purchase.partner_id, purchase.company_id, purchase.day,
                   COALESCE(so.campaign_id, move.campaign_id) AS campaign_id,
                   COALESCE(so.source_id, move.source_id) AS source_id,
                   COALESCE(so.medium_id, move.medium_id) AS medium_id,
                   (SELECT COALESCE(SUM(later.amount), 0)
                      FROM (%(purchases)s) later
                     WHERE later.partner_id = purchase.partner_id
                       AND later.company_id = purchase.company_id
                       AND later.day >= purchase.day
                       AND later.day < purchase.day + %(days)s
                   ) AS first_year_revenue
              FROM (%(purchases)s) purchase
         LEFT JOIN sale_order so ON so.id = purchase.order_id
         LEFT JOIN account_move move ON move.id = purchase.move_id
             WHERE purchase.is_purchase AND %(condition)s
            """,
            purchases=purchases,
            condition=condition,
            days=self._first_year_days,
        )

    # ------------------------------------------------------------------
    # THE ANALYSIS
    # ------------------------------------------------------------------
    @property
    def _table_query(self):
        self.env["crm.lead"].flush_model(
            [
                "company_id",
                "campaign_id",
                "source_id",
                "medium_id",
                "create_date",
                "date_closed",
                "type",
                "active",
                "stage_id",
            ]
        )
        self.env["crm.stage"].flush_model(["is_won"])
        self.env["crm.campaign.cost"].flush_model()
        new_customers = self._new_customers_query(
            self.env["crm.lifecycle.purchase"]._purchase_query(),
            SQL("purchase.previous_day IS NULL"),
        )
        month = "date_trunc('month', %s)::date"
        rows = SQL(
            """
            SELECT lead.company_id, lead.campaign_id, lead.source_id,
                   lead.medium_id, %(lead_month)s AS date, 1 AS leads,
                   (lead.type = 'opportunity')::int AS opportunities, 0 AS won,
                   0 AS new_customers, 0.0 AS first_year_revenue, 0.0 AS cost
              FROM crm_lead lead
         LEFT JOIN (%(zones)s) zone ON zone.company_id = lead.company_id
         UNION ALL
            SELECT lead.company_id, lead.campaign_id, lead.source_id,
                   lead.medium_id, %(won_month)s, 0, 0, 1, 0, 0.0, 0.0
              FROM crm_lead lead
              JOIN crm_stage stage ON stage.id = lead.stage_id
         LEFT JOIN (%(zones)s) zone ON zone.company_id = lead.company_id
             WHERE lead.active AND stage.is_won AND lead.date_closed IS NOT NULL
         UNION ALL
            SELECT customer.company_id, customer.campaign_id, customer.source_id,
                   customer.medium_id, %(customer_month)s, 0, 0, 0, 1,
                   customer.first_year_revenue, 0.0
              FROM (%(new_customers)s) customer
         UNION ALL
            SELECT cost.company_id, cost.campaign_id, NULL, NULL,
                   %(cost_month)s, 0, 0, 0, 0, 0.0, cost.amount
              FROM crm_campaign_cost cost
            """,
            zones=company_zones(),
            lead_month=SQL(
                month,
                local_day(SQL("lead.create_date"), SQL("COALESCE(zone.tz, 'UTC')")),
            ),
            won_month=SQL(
                month,
                local_day(SQL("lead.date_closed"), SQL("COALESCE(zone.tz, 'UTC')")),
            ),
            customer_month=SQL(month, SQL("customer.day")),
            cost_month=SQL(month, SQL("cost.date")),
            new_customers=new_customers,
        )
        return SQL(
            """
            SELECT ROW_NUMBER() OVER (ORDER BY date, company_id, campaign_id,
                                               source_id, medium_id) AS id,
                   company_id, campaign_id, source_id, medium_id, date,
                   SUM(leads) AS leads, SUM(opportunities) AS opportunities,
                   SUM(won) AS won, SUM(new_customers) AS new_customers,
                   SUM(first_year_revenue) AS first_year_revenue,
                   SUM(cost) AS cost, %(ratios)s
              FROM (%(rows)s) row
             GROUP BY company_id, campaign_id, source_id, medium_id, date
            """,
            ratios=self._report_ratio_columns(),
            rows=rows,
        )
