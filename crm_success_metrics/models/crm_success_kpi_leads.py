# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Lead and opportunity KPIs (``crm.lead``, archived records included).

Odoo 18 semantics: won = in a won stage and active; lost = archived with
probability 0; ``date_closed`` is set in both cases.
"""

from odoo import models
from odoo.tools import SQL

from ..kpis import kpi, measure, ratio
from ..kpis.common import datetime_bounds, fetch_one


class CrmSuccessKpiLeads(models.Model):
    _inherit = "crm.success.kpi"

    def _leads_flush(self):
        self.env["crm.lead"].flush_model(
            [
                "company_id",
                "type",
                "stage_id",
                "active",
                "probability",
                "date_closed",
                "partner_id",
            ]
        )
        self.env["crm.stage"].flush_model(["is_won"])

    @kpi(kind="flow", unit="count", significance_test="poisson")
    def _kpi_leads_created(self, date_from, date_to, company):
        """Leads and opportunities created in the period."""
        start, end = datetime_bounds(date_from, date_to, company)
        self._leads_flush()
        (count,) = fetch_one(
            self.env,
            SQL(
                "SELECT count(*) FROM crm_lead lead WHERE lead.company_id = %s"
                " AND lead.create_date >= %s AND lead.create_date < %s",
                company.id,
                start,
                end,
            ),
        )
        return measure(count)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_win_rate(self, date_from, date_to, company):
        """% won / (won + lost) of the opportunities closed in the period."""
        start, end = datetime_bounds(date_from, date_to, company)
        self._leads_flush()
        won, lost = fetch_one(
            self.env,
            SQL(
                "SELECT count(*) FILTER (WHERE lead.active AND stage.is_won),"
                " count(*) FILTER (WHERE NOT lead.active AND lead.probability = 0)"
                " FROM crm_lead lead LEFT JOIN crm_stage stage ON stage.id ="
                " lead.stage_id"
                " WHERE lead.company_id = %s AND lead.type = 'opportunity'"
                " AND lead.date_closed >= %s AND lead.date_closed < %s",
                company.id,
                start,
                end,
            ),
        )
        return ratio(won, won + lost, 100.0)

    @kpi(kind="ratio", unit="percent", significance_test="proportion")
    def _kpi_lead_to_customer_rate(self, date_from, date_to, company):
        """% of the leads created in the period whose customer has a confirmed order
        of the company dated on/after the lead's creation, by date_to."""
        start, end = datetime_bounds(date_from, date_to, company)
        self._leads_flush()
        self.env["sale.order"].flush_model(
            ["state", "company_id", "partner_id", "date_order"]
        )
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        leads, converted = fetch_one(
            self.env,
            SQL(
                "SELECT count(*), count(*) FILTER (WHERE EXISTS ("
                " SELECT 1 FROM sale_order so JOIN res_partner rp ON rp.id ="
                " so.partner_id"
                " WHERE rp.commercial_partner_id = customer.commercial_partner_id"
                " AND so.state = 'sale' AND so.company_id = lead.company_id"
                " AND so.date_order >= lead.create_date AND so.date_order < %s))"
                " FROM crm_lead lead LEFT JOIN res_partner customer ON customer.id ="
                " lead.partner_id"
                " WHERE lead.company_id = %s AND lead.create_date >= %s AND"
                " lead.create_date < %s",
                end,
                company.id,
                start,
                end,
            ),
        )
        return ratio(converted, leads, 100.0)

    @kpi(kind="ratio", unit="days", direction="down")
    def _kpi_sales_cycle_days(self, date_from, date_to, company):
        """Mean days from creation to closing of the opportunities won in the period."""
        start, end = datetime_bounds(date_from, date_to, company)
        self._leads_flush()
        won, days = fetch_one(
            self.env,
            SQL(
                "SELECT count(*),"
                " COALESCE(sum(EXTRACT(EPOCH FROM lead.date_closed -"
                " lead.create_date)),"
                " 0) / 86400.0"
                " FROM crm_lead lead JOIN crm_stage stage ON stage.id = lead.stage_id"
                " WHERE lead.company_id = %s AND lead.type = 'opportunity'"
                " AND lead.active AND stage.is_won"
                " AND lead.date_closed >= %s AND lead.date_closed < %s",
                company.id,
                start,
                end,
            ),
        )
        return ratio(days, won)
