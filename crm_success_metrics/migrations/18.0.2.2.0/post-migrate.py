# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A scorecard's title is its period ("November 2026"), no longer its two
dates around an arrow: the stored titles are computed again. The bounded
progress of the lines is computed for the existing lines, and the mail of
locked scorecards (a noupdate record) is loaded again: it prints values in
their unit and names the period.

Scorecard lines say whether their significance test ran: before, a line
stored a p-value only when a test ran (0.0 otherwise), and a p-value of 0.0
is significant, so a line was tested exactly when it is significant or has a
p-value other than 0. Written by SQL: the lines of locked scorecards are
immutable through the ORM, and this is not a change of their results.
"""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL, convert_file


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
    _mark_tested_lines(cr)


def _mark_tested_lines(cr):
    cr.execute(
        SQL(
            "UPDATE crm_success_scorecard_line"
            " SET significance_tested = COALESCE(significant, FALSE)"
            " OR COALESCE(p_value, 0) <> 0"
        )
    )
