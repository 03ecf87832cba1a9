# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models
from odoo.tools import SQL


class CrmMailingReport(models.Model):
    """One row per e-mail mailing: its mails sent, opened, clicked and
    replied (``mailing.trace``), and what its UTM source brought, as Odoo's
    mailing form counts it (a visitor who follows a link of the mailing
    carries its source onto the lead or order he makes): the leads, and the
    new customers whose first purchase carries it (attributed as in the
    campaign return analysis, ``crm.campaign.report._new_customers_query``)
    with their first-year revenue.

    Its company is the one of the mailing's responsible, which mass_mailing
    uses for the mails' company too; a mailing has no company of its own."""

    _name = "crm.mailing.report"
    _inherit = "crm.success.ratio.report.mixin"
    _description = "Mailing Response Analysis"
    _auto = False
    _order = "date desc, id desc"
    _rec_name = "mailing_id"
    _report_ratios = {
        "open_rate": ("opened", "sent", 100.0),
        "click_rate": ("clicked", "sent", 100.0),
        "reply_rate": ("replied", "sent", 100.0),
        "conversion_rate": ("new_customers", "sent", 100.0),
    }

    mailing_id = fields.Many2one("mailing.mailing", readonly=True)
    date = fields.Date(string="Sent On", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    campaign_id = fields.Many2one("utm.campaign", readonly=True)
    source_id = fields.Many2one("utm.source", readonly=True)
    medium_id = fields.Many2one("utm.medium", readonly=True)
    sent = fields.Integer(readonly=True)
    opened = fields.Integer(readonly=True)
    clicked = fields.Integer(readonly=True)
    replied = fields.Integer(readonly=True)
    leads = fields.Integer(readonly=True, help="Leads carrying the mailing's source.")
    new_customers = fields.Integer(
        string="Converted",
        readonly=True,
        help="New customers whose first purchase carries the mailing's source.",
    )
    first_year_revenue = fields.Float(
        readonly=True,
        help="Revenue of the converted customers in the 365 days from their "
        "first purchase.",
    )
    open_rate = fields.Float(string="Open Rate (%)", readonly=True)
    click_rate = fields.Float(string="Click Rate (%)", readonly=True)
    reply_rate = fields.Float(string="Reply Rate (%)", readonly=True)
    conversion_rate = fields.Float(
        string="Conversion Rate (%)",
        readonly=True,
        help="Converted customers per 100 mails sent.",
    )

    @property
    def _table_query(self):
        self.env["mailing.trace"].flush_model(
            [
                "mass_mailing_id",
                "sent_datetime",
                "open_datetime",
                "links_click_datetime",
                "reply_datetime",
            ]
        )
        self.env["mailing.mailing"].flush_model(
            ["user_id", "sent_date", "campaign_id", "source_id", "medium_id"]
        )
        self.env["crm.lead"].flush_model(["source_id"])
        new_customers = self.env["crm.campaign.report"]._new_customers_query(
            self.env["crm.lifecycle.purchase"]._purchase_query(),
            SQL("purchase.previous_day IS NULL"),
        )
        rows = SQL(
            """
            SELECT mailing.id, mailing.id AS mailing_id,
                   date_trunc('day', mailing.sent_date)::date AS date,
                   users.company_id, mailing.campaign_id, mailing.source_id,
                   mailing.medium_id,
                   COALESCE(traces.sent, 0) AS sent,
                   COALESCE(traces.opened, 0) AS opened,
                   COALESCE(traces.clicked, 0) AS clicked,
                   COALESCE(traces.replied, 0) AS replied,
                   COALESCE(leads.leads, 0) AS leads,
                   COALESCE(customers.new_customers, 0) AS new_customers,
                   COALESCE(customers.first_year_revenue, 0) AS first_year_revenue
              FROM mailing_mailing mailing
         LEFT JOIN res_users users ON users.id = mailing.user_id
         LEFT JOIN (SELECT mass_mailing_id,
                           COUNT(sent_datetime) AS sent,
                           COUNT(open_datetime) AS opened,
                           COUNT(links_click_datetime) AS clicked,
                           COUNT(reply_datetime) AS replied
                      FROM mailing_trace
                     WHERE mass_mailing_id IS NOT NULL
                     GROUP BY mass_mailing_id) traces
                ON traces.mass_mailing_id = mailing.id
         LEFT JOIN (SELECT source_id, COUNT(*) AS leads
                      FROM crm_lead
                     WHERE source_id IS NOT NULL
                     GROUP BY source_id) leads
                ON leads.source_id = mailing.source_id
         LEFT JOIN (SELECT source_id, COUNT(*) AS new_customers,
                           SUM(first_year_revenue) AS first_year_revenue
                      FROM (%(new_customers)s) customer
                     WHERE source_id IS NOT NULL
                     GROUP BY source_id) customers
                ON customers.source_id = mailing.source_id
             WHERE mailing.mailing_type = 'mail'
            """,
            new_customers=new_customers,
        )
        return SQL(
            "SELECT row.*, %s FROM (%s) row",
            self._report_ratio_columns(grouped=False),
            rows,
        )
