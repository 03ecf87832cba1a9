# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What another addon does to the KPI catalog: one KPI added, two overridden.

The README of crm_success_metrics ("Adding or changing a built-in KPI") shows
this file as its worked example.
"""

from odoo import models

from odoo.addons.crm_success_metrics.kpis import Drill, kpi, measure
from odoo.addons.crm_success_metrics.kpis.common import datetime_domain


class CrmSuccessKpi(models.Model):
    _inherit = "crm.success.kpi"

    def _drill_quotations_sent(self, date_from, date_to, company):
        """Quotations of the company sent and not yet confirmed, by order date:
        the KPI counts the records its drill-down lists."""
        domain = [
            ("company_id", "=", company.id),
            ("state", "=", "sent"),
            *datetime_domain("date_order", date_from, date_to, company),
        ]
        return Drill("sale.order", domain, self.env._("Quotations sent"))

    @kpi(
        kind="flow",
        unit="count",
        significance_test="poisson",
        drill=("quotations_sent",),
    )
    def _kpi_quotations_sent(self, date_from, date_to, company):
        domain = self._drill_quotations_sent(date_from, date_to, company).domain
        [(count,)] = self.env["sale.order"]._read_group(domain, aggregates=["__count"])
        return measure(count)

    def _kpi_sales_revenue(self, date_from, date_to, company):
        """The built-in figure, in thousands for the companies that ask so;
        no ``@kpi``: the spec of the built-in (flow, currency) is kept."""
        result = super()._kpi_sales_revenue(date_from, date_to, company)
        if company.kpi_revenue_in_thousands:
            return measure(result["value"] / 1000.0)
        return result

    @kpi(kind="flow", unit="count", direction="up", significance_test="none")
    def _kpi_hires(self, date_from, date_to, company):
        """The built-in figure with another significance test: hires come in
        batches (a class of trainees), not as independent events, so a Poisson
        test would call every batch significant."""
        return super()._kpi_hires(date_from, date_to, company)
