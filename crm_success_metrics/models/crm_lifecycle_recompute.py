# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.tools import SQL

from odoo.addons.crm_lifecycle.tools import company_zones, local_day

from ..kpis.common import completed_answers

PROMOTER_MIN = 9  # NPS answers 9-10 are promoters


class CrmLifecycleRecompute(models.AbstractModel):
    _inherit = "crm.lifecycle.recompute"

    @api.model
    def _advocacy_dates(self, partner_ids, as_of, companies):
        """Add promoters as advocates (setting *Promoters are advocates* of
        the customer's company): a customer whose latest completed answer to
        its company's NPS question, up to ``as_of``, is 9 or 10 shows advocacy
        evidence since that answer's day (in the company's time zone). One
        query per NPS question."""
        dates = super()._advocacy_dates(partner_ids, as_of, companies)
        default_company_id = companies._lifecycle_default_company().id
        promoting = companies.filtered(
            lambda company: (
                company.crm_success_nps_advocate and company.crm_success_nps_question_id
            )
        )
        for question in promoting.crm_success_nps_question_id:
            question_companies = promoting.filtered(
                lambda company, question=question: (
                    company.crm_success_nps_question_id == question
                )
            )
            query = SQL(
                """
                SELECT latest.partner_id, latest.day
                  FROM (
                        SELECT DISTINCT ON (p.commercial_partner_id)
                               p.commercial_partner_id AS partner_id,
                               %(day)s AS day, answer.value
                          FROM (%(answers)s) answer
                          JOIN res_partner p ON p.id = answer.partner_id
                          JOIN res_partner cp ON cp.id = p.commercial_partner_id
                          JOIN (%(zones)s) zone
                            ON zone.company_id = COALESCE(cp.company_id, %(default)s)
                         WHERE %(day)s <= %(as_of)s
                           AND COALESCE(cp.company_id, %(default)s)
                               = ANY(%(company_ids)s)
                           AND (%(all)s
                                OR p.commercial_partner_id = ANY(%(partner_ids)s))
                      ORDER BY p.commercial_partner_id, answer.end_datetime DESC,
                               answer.user_input_id DESC
                       ) latest
                 WHERE latest.value >= %(promoter)s
                """,
                answers=completed_answers(self.env, question),
                day=local_day(SQL("answer.end_datetime"), SQL("zone.tz")),
                zones=company_zones(),
                as_of=as_of,
                default=default_company_id,
                company_ids=question_companies.ids,
                all=partner_ids is None,
                partner_ids=partner_ids or [],
                promoter=PROMOTER_MIN,
            )
            for partner_id, day in self.env.execute_query(query):
                dates[partner_id] = min(day, dates.get(partner_id, day))
        return dates
