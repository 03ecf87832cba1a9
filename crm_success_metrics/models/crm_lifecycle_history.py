# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL

from ..kpis.common import completed_answers

PROMOTER_MIN = 9  # NPS answers 9-10 are promoters


class CrmLifecycleHistory(models.Model):
    _inherit = "crm.lifecycle.history"

    @api.model
    def _lifecycle_advocacy_dates(self, partner_ids, as_of):
        """Add promoters as advocates (setting *Promoters are advocates*): a
        customer whose latest completed answer to the NPS question, up to
        ``as_of``, is 9 or 10 shows advocacy evidence since that answer's day."""
        dates = super()._lifecycle_advocacy_dates(partner_ids, as_of)
        company = self.env.company.sudo()
        question = company.crm_success_nps_question_id
        if not (company.crm_success_nps_advocate and question):
            return dates
        query = SQL(
            """
            SELECT latest.partner_id, latest.day
              FROM (
                    SELECT DISTINCT ON (p.commercial_partner_id)
                           p.commercial_partner_id AS partner_id,
                           answer.end_datetime::date AS day, answer.value
                      FROM (%(answers)s) answer
                      JOIN res_partner p ON p.id = answer.partner_id
                     WHERE answer.end_datetime::date <= %(as_of)s
                       AND (%(all)s OR p.commercial_partner_id = ANY(%(partner_ids)s))
                  ORDER BY p.commercial_partner_id, answer.end_datetime DESC,
                           answer.user_input_id DESC
                   ) latest
             WHERE latest.value >= %(promoter)s
            """,
            answers=completed_answers(self.env, question),
            as_of=as_of,
            all=partner_ids is None,
            partner_ids=partner_ids or [],
            promoter=PROMOTER_MIN,
        )
        for partner_id, day in self.env.execute_query(query):
            dates[partner_id] = min(day, dates.get(partner_id, day))
        return dates
