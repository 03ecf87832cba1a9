# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models

# Logins kept: the adoption KPIs compare a period with the same period a
# year before.
KEEP_LOGINS_MONTHS = 25


class ResUsersLog(models.Model):
    _inherit = "res.users.log"

    @api.autovacuum
    def _gc_user_logs(self):
        """Odoo keeps each user's last login only; keep the logins of the
        last ``KEEP_LOGINS_MONTHS`` months too (the adoption KPIs read them)."""
        keep_since = fields.Datetime.now() - relativedelta(months=KEEP_LOGINS_MONTHS)
        self.env.cr.execute(
            """
            DELETE FROM res_users_log log1
             WHERE log1.create_date < %s
               AND EXISTS (SELECT 1 FROM res_users_log log2
                            WHERE log1.create_uid = log2.create_uid
                              AND log1.create_date < log2.create_date)
            """,
            (keep_since,),
        )
