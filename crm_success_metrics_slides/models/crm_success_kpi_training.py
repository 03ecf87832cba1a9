# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Training completion of the CRM users (eLearning's course memberships)."""

from odoo import models
from odoo.exceptions import UserError
from odoo.tools import SQL

from odoo.addons.crm_success_metrics.kpis import Drill, kpi, ratio, shared_periods
from odoo.addons.crm_success_metrics.kpis.adoption import crm_users, flush_adoption
from odoo.addons.crm_success_metrics.kpis.common import (
    ids_domain,
    period_rows,
    rows_by_period,
)


class CrmSuccessKpi(models.Model):
    _inherit = "crm.success.kpi"

    def _training_courses(self, company):
        """The company's CRM training courses; an error when none is chosen."""
        courses = company.sudo().crm_success_training_channel_ids
        if not courses:
            raise UserError(
                self.env._(
                    "No CRM training course is chosen for %(company)s: choose "
                    "them in CRM > Configuration > Settings.",
                    company=company.name,
                )
            )
        return courses

    def _training_user_rows(self, periods, company, courses):
        """SQL rows ``(idx, user_id, trained)``: each CRM user of the company
        created before the end of the period ``idx`` (as the adoption KPIs
        count them), and whether they had finished every course of
        ``courses`` by then."""
        flush_adoption(self.env)
        self.env["slide.channel.partner"].flush_model(
            [
                "partner_id",
                "channel_id",
                "active",
                "member_status",
                "crm_success_completed_at",
            ]
        )
        return SQL(
            """
            SELECT period.idx, crm_user.user_id,
                   (SELECT COUNT(DISTINCT member.channel_id)
                      FROM slide_channel_partner member
                     WHERE member.partner_id = crm_user.partner_id
                       AND member.channel_id = ANY(%(courses)s)
                       AND member.active AND member.member_status = 'completed'
                       AND member.crm_success_completed_at < period.end_at
                   ) = %(count)s AS trained
              FROM (%(periods)s) period
              JOIN (%(users)s) crm_user
                ON crm_user.company_id = %(company)s
               AND crm_user.create_date < period.end_at
            """,
            courses=courses.ids,
            count=len(courses),
            periods=period_rows(periods, company),
            users=crm_users(self.env),
            company=company.id,
        )

    def _training_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        courses = self._training_courses(company)
        return shared_periods(
            self.env,
            ("training", company.id, company._lifecycle_tz(), tuple(courses.ids)),
            date_from,
            date_to,
            lambda periods: self._training_query_counts(periods, company, courses),
        )

    def _training_query_counts(self, periods, company, courses):
        query = SQL(
            """
            SELECT crm_user.idx, COUNT(*), COUNT(*) FILTER (WHERE crm_user.trained)
              FROM (%s) crm_user
             GROUP BY crm_user.idx
            """,
            self._training_user_rows(periods, company, courses),
        )
        return rows_by_period(self.env, query, periods, ("users", "trained"))

    def _drill_training_trained_users(self, date_from, date_to, company):
        courses = self._training_courses(company)
        query = SQL(
            "SELECT crm_user.user_id FROM (%s) crm_user WHERE crm_user.trained",
            self._training_user_rows([(date_from, date_to)], company, courses),
        )
        label = self.env._("CRM users who finished the training")
        return Drill("res.users", ids_domain(self.env, query), label)

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("training_trained_users", "adoption_crm_users"),
    )
    def _kpi_crm_training_completion_rate(self, date_from, date_to, company):
        """% of the company's CRM users who finished all its CRM training
        courses by the end of the period."""
        counts = self._training_counts(date_from, date_to, company)
        return ratio(counts["trained"], counts["users"], 100.0)
