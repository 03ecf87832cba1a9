# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The margin of a value proposition's segment, from Sales Margin's
``sale.order.margin``: one more figure of the propositions' one query."""

from odoo import api, models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_success_metrics.kpis import Drill, kpi, measure
from odoo.addons.crm_success_metrics.kpis.common import ids_domain

# the order's margin in company currency, as crm.lifecycle.purchase converts
# the order's amount
MARGIN = SQL(
    "so.margin / CASE COALESCE(so.currency_rate, 0) WHEN 0 THEN 1.0"
    " ELSE so.currency_rate END"
)


class CrmSuccessKpi(models.Model):
    _inherit = "crm.success.kpi"

    @api.model
    def _value_proposition_handlers(self):
        return super()._value_proposition_handlers() | {"proposition_margin"}

    @api.model
    def _value_proposition_figure_names(self):
        return (*super()._value_proposition_figure_names(), "margin")

    def _value_proposition_flush(self):
        self.env["sale.order"].flush_model(["margin"])
        return super()._value_proposition_flush()

    def _value_proposition_branches(self, periods, company, purchases):
        branches = super()._value_proposition_branches(periods, company, purchases)
        period_orders = self._value_proposition_period_purchases(
            periods,
            company,
            purchases,
            joins=SQL("JOIN sale_order so ON so.id = purchase.order_id"),
        )
        branches.append(
            SQL(
                """
                SELECT period.idx, segment.proposition_id, 'margin', SUM(%s)
                %s
              GROUP BY period.idx, segment.proposition_id
                """,
                MARGIN,
                period_orders,
            )
        )
        return branches

    def _proposition_margin_check(self, company):
        if company.lifecycle_purchase_source != "sale_order":
            raise UserError(
                self.env._(
                    "The margin of a segment needs purchases that are sales "
                    "orders: set Purchases Are to Sales Orders for %s.",
                    company.name,
                )
            )

    def _drill_proposition_orders(self, date_from, date_to, company):
        """The segment's sale orders that are purchases of the period; the
        KPI sums their margin (in company currency: the orders' own when it
        is the company's)."""
        self._value_proposition_flush()
        domain = self._value_proposition_purchases_domain(date_from, date_to, company)
        rows = self.env["crm.lifecycle.purchase"]._search(
            [*domain, ("order_id", "!=", False)]
        )
        query = SQL(
            "SELECT order_id FROM crm_lifecycle_purchase WHERE id IN %s",
            rows.subselect(),
        )
        return Drill(
            "sale.order",
            ids_domain(self.env, query),
            self.env._("Sales orders of the segment"),
            measure=("margin", 1),
        )

    @kpi(kind="flow", unit="currency", drill=("proposition_orders",))
    def _kpi_proposition_margin(self, date_from, date_to, company):
        """Margin of the period's sale order purchases of the segment's
        customers (Sales Margin), in company currency."""
        self._proposition_margin_check(company)
        figures = self._value_proposition_figures(date_from, date_to, company)
        return measure(figures["margin"])
