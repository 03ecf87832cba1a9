# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Network KPIs: what the organisations that serve the customers (a network
role on the partner, crm_lifecycle) bring and cost. They read the purchase
totals (``_sales_order_totals``) and the complaint counts
(``_complaints_counts``) the sales and complaint KPIs read: no query of their
own in a scorecard."""

from dataclasses import replace

from odoo import models

from ..kpis import Drill, kpi, measure, ratio
from ..kpis.common import datetime_domain


class CrmSuccessKpiNetwork(models.Model):
    _inherit = "crm.success.kpi"

    def _drill_network_purchase_rows(self, date_from, date_to, company):
        """The purchases and credit notes of the period of the customers
        brought by a network partner: their Referred By's company has a
        network role (crm_lifecycle's ``_network_referred_query``)."""
        label = self.env._("Purchases and credit notes of customers from the network")
        domain = [
            (
                "partner_id.referred_by_id.commercial_partner_id.network_role",
                "!=",
                False,
            )
        ]
        drill = self._sales_purchases_drill(label, date_from, date_to, company, domain)
        return replace(drill, measure=("amount", 1))

    def _drill_complaints_attributed(self, date_from, date_to, company):
        """The complaints received in the period attributed to a supplier or a
        carrier (Supplier / Carrier Responsible)."""
        domain = [
            ("company_id", "=", company.id),
            ("responsible_partner_id", "!=", False),
            *datetime_domain("date_received", date_from, date_to, company),
        ]
        label = self.env._("Complaints attributed to suppliers and carriers")
        return Drill("crm.complaint", domain, label)

    @kpi(
        kind="ratio",
        unit="percent",
        drill=("network_purchase_rows", "purchase_rows"),
    )
    def _kpi_network_revenue_share(self, date_from, date_to, company):
        """% of the untaxed revenue of the period's purchases (credit notes
        deducted) from customers brought by a network partner. A share of
        amounts, not of counts: no significance test."""
        totals = self._sales_order_totals(date_from, date_to, company)
        return ratio(totals["network_amount"], totals["amount"], 100.0)

    @kpi(
        kind="flow",
        unit="count",
        direction="down",
        significance_test="poisson",
        drill=("complaints_attributed",),
    )
    def _kpi_network_complaints_count(self, date_from, date_to, company):
        """Complaints received in the period attributed to a supplier or a
        carrier."""
        counts = self._complaints_counts(date_from, date_to, company)
        return measure(counts["attributed"])

    @kpi(
        kind="ratio",
        unit="count",
        direction="down",
        drill=("complaints_attributed", "purchases"),
    )
    def _kpi_network_complaints_per_100_orders(self, date_from, date_to, company):
        """Complaints received in the period attributed to a supplier or a
        carrier / purchases of the period × 100 (the denominator of
        *Complaints per 100 Orders*)."""
        attributed = self._complaints_counts(date_from, date_to, company)["attributed"]
        orders = self._sales_order_totals(date_from, date_to, company)["count"]
        return ratio(attributed, orders, 100.0)
