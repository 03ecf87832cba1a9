# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A scorecard's title is its period ("November 2026"), no longer its two
dates around an arrow: the stored titles are computed again. The bounded
progress of the lines is computed for the existing lines, and the mail of
locked scorecards (a noupdate record) is loaded again: it prints values in
their unit and names the period."""

from odoo import SUPERUSER_ID, api
from odoo.tools import convert_file


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    scorecards = env["crm.success.scorecard"].with_context(active_test=False).search([])
    env.add_to_compute(scorecards._fields["name"], scorecards)
    scorecards.flush_recordset(["name"])
    lines = env["crm.success.scorecard.line"].search([])
    env.add_to_compute(lines._fields["progress_shown"], lines)
    lines.flush_recordset(["progress_shown"])
    # mode "init" updates the record although the file is noupdate
    convert_file(
        env,
        "crm_success_metrics",
        "data/mail_template_data.xml",
        {},
        mode="init",
        noupdate=True,
    )
