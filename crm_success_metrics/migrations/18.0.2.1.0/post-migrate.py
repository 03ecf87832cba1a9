# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""lead_to_customer_rate reads the purchases (orders or invoices, the
company's setting) from the day the lead was created, in the company's time
zone: the KPI gets the description shipped with it (its record is
noupdate)."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.success.kpi"]._reset_shipped_descriptions(["kpi_lead_to_customer_rate"])
