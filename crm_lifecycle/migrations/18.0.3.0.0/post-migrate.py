# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The purchases become a table (they were derived at each read): derive
every row once, from the orders and invoices as they are."""

from odoo import SUPERUSER_ID, api
from odoo.tools import parse_version


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.lifecycle.purchase"]._rebuild_purchases()
    if parse_version(version) < parse_version("18.0.2.0.0"):
        # the portfolio refresh of 18.0.2.0.0's script, which ran just
        # before this one, read the table still empty
        env["res.partner"]._lifecycle_refresh_portfolio()
