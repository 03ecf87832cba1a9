# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A scorecard's title is its period ("November 2026"), no longer its two
dates around an arrow: the stored titles are computed again."""

from odoo import SUPERUSER_ID, api


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    scorecards = env["crm.success.scorecard"].with_context(active_test=False).search([])
    env.add_to_compute(scorecards._fields["name"], scorecards)
    scorecards.flush_recordset(["name"])
