# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The built-in KPIs whose meaning changed in 18.0.2.0.0 (they read the
purchases of crm.lifecycle.purchase, orders or invoices, and follow the
lifecycle's churn rule) get the description shipped with them: their records
are noupdate, so the update keeps the old, now wrong, definition shown to
users. Their kind, unit, direction and significance test are realigned with
the code by data/crm_success_kpi_spec_data.xml."""

from odoo import SUPERUSER_ID, api

CHANGED = [
    "kpi_new_customers",
    "kpi_active_customers",
    "kpi_customer_retention_rate",
    "kpi_churn_rate",
    "kpi_repeat_purchase_rate",
    "kpi_referred_revenue",
    "kpi_sales_revenue",
    "kpi_orders_count",
    "kpi_average_order_value",
    "kpi_complaints_per_100_orders",
    "kpi_customers_churned",
]


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.success.kpi"]._reset_shipped_descriptions(CHANGED)
