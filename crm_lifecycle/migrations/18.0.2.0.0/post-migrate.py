# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The RFM figures gain the window values (purchases and revenue of the last
365 days) that a customer refreshed alone is ranked against: refresh the
portfolio once, as the daily scheduled action would."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["res.partner"]._lifecycle_refresh_portfolio()
