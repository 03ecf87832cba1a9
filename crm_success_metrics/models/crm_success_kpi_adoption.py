# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""User adoption KPIs: whether the sales people use the CRM, per company
(the Adoption analysis splits them per team and user). What a CRM user, a
login, a CRM action, a done activity and a planned opportunity are is
written once, in ``kpis/adoption.py``."""

from datetime import datetime, time

from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.tools import SQL, create_index

from odoo.addons.crm_lifecycle.engine.portfolio import quality_score

from ..kpis import Drill, kpi, ratio, shared_periods
from ..kpis.adoption import (
    crm_actions,
    crm_users,
    done_activities,
    flush_adoption,
    logins,
    open_opportunity,
    planned,
)
from ..kpis.common import ids_domain, in_periods, period_rows, rows_by_period

# crm_lifecycle's data quality score of a partner passing all its checks
ALL_CHECKS_PASSED = quality_score([])


class CrmSuccessKpiAdoption(models.Model):
    _inherit = "crm.success.kpi"

    def init(self):
        result = super().init()
        # the logins and the done activities of a period, out of all of them
        create_index(
            self.env.cr,
            "res_users_log_create_uid_date_crm_success_index",
            "res_users_log",
            ["create_uid", "create_date"],
        )
        create_index(
            self.env.cr,
            "mail_activity_date_done_crm_success_index",
            "mail_activity",
            ["date_done"],
            where="date_done IS NOT NULL",
        )
        return result

    # ------------------------------------------------------------------
    # ACTIVE USERS
    # ------------------------------------------------------------------
    def _adoption_company_users(self, company):
        """SQL rows of :func:`crm_users` of ``company``."""
        return SQL(
            "SELECT * FROM (%s) crm_user WHERE crm_user.company_id = %s",
            crm_users(self.env),
            company.id,
        )

    def _adoption_user_rows(self, periods, company):
        """SQL rows ``(idx, user_id, active, actions)``: each CRM user of the
        company created before the end of the period ``idx``, whether they
        were active in it (a login and at least one CRM action) and their
        CRM actions in it."""
        flush_adoption(self.env)
        users = SQL("SELECT * FROM company_user")
        return SQL(
            """
            WITH company_user AS (%(users)s),
            logged AS (
                SELECT DISTINCT period.idx, login.user_id
                  FROM (%(periods)s) period
                  JOIN (%(logins)s) login
                    ON login.at >= period.start_at AND login.at < period.end_at
            ), acted AS (
                SELECT period.idx, action.user_id, COUNT(*) AS actions
                  FROM (%(periods)s) period
                  JOIN (%(actions)s) action
                    ON action.at >= period.start_at AND action.at < period.end_at
                 GROUP BY period.idx, action.user_id
            )
            SELECT period.idx, company_user.user_id,
                   logged.user_id IS NOT NULL AND acted.user_id IS NOT NULL
                   AS active,
                   COALESCE(acted.actions, 0) AS actions
              FROM (%(periods)s) period
              JOIN company_user ON company_user.create_date < period.end_at
              LEFT JOIN logged ON logged.idx = period.idx
                   AND logged.user_id = company_user.user_id
              LEFT JOIN acted ON acted.idx = period.idx
                   AND acted.user_id = company_user.user_id
            """,
            users=self._adoption_company_users(company),
            periods=period_rows(periods, company),
            logins=logins(
                users, in_periods(SQL("login.create_date"), periods, company)
            ),
            actions=crm_actions(
                users,
                in_periods(SQL("message.date"), periods, company),
                in_periods(SQL("activity.create_date"), periods, company),
            ),
        )

    def _adoption_user_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("adoption_users", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._adoption_query_user_counts(periods, company),
        )

    def _adoption_query_user_counts(self, periods, company):
        """{period: counts}: CRM users (``users``), of them active
        (``active``), and the CRM actions of the active ones (``actions``)."""
        query = SQL(
            """
            SELECT crm_user.idx, COUNT(*), COUNT(*) FILTER (WHERE crm_user.active),
                   COALESCE(SUM(crm_user.actions) FILTER (WHERE crm_user.active), 0)
              FROM (%s) crm_user
             GROUP BY crm_user.idx
            """,
            self._adoption_user_rows(periods, company),
        )
        return rows_by_period(self.env, query, periods, ("users", "active", "actions"))

    def _adoption_users_drill(self, label, condition, date_from, date_to, company):
        query = SQL(
            "SELECT crm_user.user_id FROM (%s) crm_user WHERE %s",
            self._adoption_user_rows([(date_from, date_to)], company),
            condition,
        )
        return Drill("res.users", ids_domain(self.env, query), label)

    def _drill_adoption_crm_users(self, date_from, date_to, company):
        label = self.env._("CRM users")
        return self._adoption_users_drill(
            label, SQL("TRUE"), date_from, date_to, company
        )

    def _drill_adoption_active_users(self, date_from, date_to, company):
        label = self.env._("Active CRM users")
        return self._adoption_users_drill(
            label, SQL("crm_user.active"), date_from, date_to, company
        )

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("adoption_active_users", "adoption_crm_users"),
    )
    def _kpi_crm_active_users_rate(self, date_from, date_to, company):
        """% of the company's CRM users active in the period."""
        counts = self._adoption_user_counts(date_from, date_to, company)
        return ratio(counts["active"], counts["users"], 100.0)

    @kpi(
        kind="ratio",
        unit="count",
        drill=("adoption_active_users", "adoption_active_users"),
    )
    def _kpi_crm_actions_per_active_user(self, date_from, date_to, company):
        """CRM actions of the active CRM users in the period / active CRM
        users (the numerator's list shows the users whose actions it sums)."""
        counts = self._adoption_user_counts(date_from, date_to, company)
        return ratio(counts["actions"], counts["active"])

    # ------------------------------------------------------------------
    # ACTIVITIES DONE ON TIME
    # ------------------------------------------------------------------
    def _adoption_done_rows(self, periods, company):
        """SQL rows ``(idx, id, on_time)`` of the activities done in each
        period by the company's CRM users they were assigned to."""
        flush_adoption(self.env)
        return SQL(
            """
            SELECT period.idx, done.id, done.on_time
              FROM (%(periods)s) period
              JOIN (%(done)s) done
                ON done.date_done BETWEEN period.date_from AND period.date_to
            """,
            periods=period_rows(periods, company),
            done=done_activities(
                self._adoption_company_users(company),
                in_periods(SQL("activity.date_done"), periods, company, days=True),
            ),
        )

    def _adoption_activity_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("adoption_activities", company.id),
            date_from,
            date_to,
            lambda periods: self._adoption_query_activity_counts(periods, company),
        )

    def _adoption_query_activity_counts(self, periods, company):
        query = SQL(
            """
            SELECT done.idx, COUNT(*), COUNT(*) FILTER (WHERE done.on_time)
              FROM (%s) done
             GROUP BY done.idx
            """,
            self._adoption_done_rows(periods, company),
        )
        return rows_by_period(self.env, query, periods, ("done", "on_time"))

    def _adoption_done_drill(self, label, condition, date_from, date_to, company):
        query = SQL(
            "SELECT done.id FROM (%s) done WHERE %s",
            self._adoption_done_rows([(date_from, date_to)], company),
            condition,
        )
        # done activities are archived
        domain = ids_domain(self.env, query) + [("active", "in", [True, False])]
        return Drill("mail.activity", domain, label)

    def _drill_adoption_activities_done(self, date_from, date_to, company):
        label = self.env._("Activities done")
        return self._adoption_done_drill(
            label, SQL("TRUE"), date_from, date_to, company
        )

    def _drill_adoption_activities_on_time(self, date_from, date_to, company):
        label = self.env._("Activities done on time")
        return self._adoption_done_drill(
            label, SQL("done.on_time"), date_from, date_to, company
        )

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("adoption_activities_on_time", "adoption_activities_done"),
    )
    def _kpi_activities_done_on_time_rate(self, date_from, date_to, company):
        """% of the activities done in the period on or before their deadline."""
        counts = self._adoption_activity_counts(date_from, date_to, company)
        return ratio(counts["on_time"], counts["done"], 100.0)

    # ------------------------------------------------------------------
    # OPPORTUNITIES WITH A NEXT ACTIVITY
    # ------------------------------------------------------------------
    def _adoption_open_rows(self, periods, company):
        """SQL rows ``(idx, id, planned)`` of the company's opportunities
        open at the end of each period, and whether an activity was planned
        on them then."""
        flush_adoption(self.env)
        return SQL(
            """
            SELECT period.idx, lead.id, %(planned)s AS planned
              FROM (%(periods)s) period
              JOIN crm_lead lead ON %(open)s
             WHERE lead.company_id = %(company)s
            """,
            periods=period_rows(periods, company),
            open=open_opportunity(SQL("period.end_at")),
            planned=planned(SQL("period.end_at")),
            company=company.id,
        )

    def _adoption_open_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("adoption_open", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._adoption_query_open_counts(periods, company),
        )

    def _adoption_query_open_counts(self, periods, company):
        query = SQL(
            """
            SELECT opportunity.idx, COUNT(*),
                   COUNT(*) FILTER (WHERE opportunity.planned)
              FROM (%s) opportunity
             GROUP BY opportunity.idx
            """,
            self._adoption_open_rows(periods, company),
        )
        return rows_by_period(self.env, query, periods, ("open", "planned"))

    def _adoption_open_drill(self, label, condition, date_from, date_to, company):
        query = SQL(
            "SELECT opportunity.id FROM (%s) opportunity WHERE %s",
            self._adoption_open_rows([(date_from, date_to)], company),
            condition,
        )
        # lost since the period's end: archived
        domain = ids_domain(self.env, query) + [("active", "in", [True, False])]
        return Drill("crm.lead", domain, label)

    def _drill_adoption_open_opportunities(self, date_from, date_to, company):
        label = self.env._("Open opportunities")
        return self._adoption_open_drill(
            label, SQL("TRUE"), date_from, date_to, company
        )

    def _drill_adoption_planned_opportunities(self, date_from, date_to, company):
        label = self.env._("Open opportunities with a next activity")
        return self._adoption_open_drill(
            label, SQL("opportunity.planned"), date_from, date_to, company
        )

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("adoption_planned_opportunities", "adoption_open_opportunities"),
    )
    def _kpi_opportunities_planned_rate(self, date_from, date_to, company):
        """% of the opportunities open at the end of the period with a next
        activity planned then."""
        counts = self._adoption_open_counts(date_from, date_to, company)
        return ratio(counts["planned"], counts["open"], 100.0)

    # ------------------------------------------------------------------
    # WON DEALS WITH A CLEAN CUSTOMER RECORD
    # ------------------------------------------------------------------
    def _adoption_quality_passed(self):
        """SQL condition on ``lead``: its customer's commercial partner
        passes all of crm_lifecycle's data quality checks (its stored score,
        refreshed nightly by the portfolio refresh)."""
        self.env["res.partner"].flush_model(
            ["commercial_partner_id", "data_quality_score"]
        )
        return SQL(
            """
            EXISTS (SELECT FROM res_partner contact
                      JOIN res_partner customer
                        ON customer.id = contact.commercial_partner_id
                     WHERE contact.id = lead.partner_id
                       AND customer.data_quality_score = %s)
            """,
            ALL_CHECKS_PASSED,
        )

    def _adoption_won_quality(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("adoption_won_quality", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._adoption_query_won_quality(periods, company),
        )

    def _adoption_query_won_quality(self, periods, company):
        """{period: counts}: the won opportunities of ``_leads_period_sets``
        (``won``) and of those with a customer passing the checks
        (``clean``), one query."""
        self._leads_flush()
        passed = self._adoption_quality_passed()
        tz = company._lifecycle_tz()
        rows = []
        for idx, (date_from, date_to) in enumerate(periods):
            sets = self._leads_period_sets(date_from, date_to, company, tz)
            rows.append(
                SQL(
                    "SELECT %s, COUNT(*), COUNT(*) FILTER (WHERE %s) %s",
                    idx,
                    passed,
                    self._leads_period_from(
                        date_from, date_to, company, sets, scope="won"
                    ),
                )
            )
        return rows_by_period(
            self.env, SQL(" UNION ALL ").join(rows), periods, ("won", "clean")
        )

    def _drill_adoption_won_clean(self, date_from, date_to, company):
        self._leads_flush()
        sets = self._leads_period_sets(
            date_from, date_to, company, company._lifecycle_tz()
        )
        query = SQL(
            "SELECT lead.id %s AND %s",
            self._leads_period_from(date_from, date_to, company, sets, scope="won"),
            self._adoption_quality_passed(),
        )
        domain = ids_domain(self.env, query) + [("active", "in", [True, False])]
        label = self.env._("Won opportunities of customers passing the checks")
        return Drill("crm.lead", domain, label)

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("adoption_won_clean", "leads_won"),
    )
    def _kpi_won_customer_data_quality_rate(self, date_from, date_to, company):
        """% of the opportunities won in the period whose customer passes all
        the data quality checks."""
        counts = self._adoption_won_quality(date_from, date_to, company)
        return ratio(counts["clean"], counts["won"], 100.0)

    # ------------------------------------------------------------------
    # DEMO
    # ------------------------------------------------------------------
    @api.model
    def _demo_adoption(self, months):
        """Use of the CRM by the demo's two sales people over the last
        ``months`` months and the current one: logins, notes and activities
        on the demo deals of ``_demo_close_opportunities`` (which runs
        first), done on time or overdue, and customers for some of the won
        ones, clean or not. Mitchell Admin signs in every week and works on
        every deal; Marc Demo signs in three months in four and acts on every
        other deal, so the company's share of active users moves between 50
        and 100 %. Dated while the registry loads, when the superuser may
        set the creation date and author of a record."""
        admin, demo = self.env.ref("base.user_admin"), self.env.ref("base.user_demo")
        first_of_month = fields.Date.context_today(self).replace(day=1)
        since = datetime.combine(first_of_month - relativedelta(months=months), time())
        # the sales people joined before the months measured (users created
        # after a period are no CRM users of it)
        (admin | demo).flush_recordset()
        self.env.cr.execute(
            SQL(
                "UPDATE res_users SET create_date = %s WHERE id IN %s",
                since - relativedelta(months=1),
                tuple((admin | demo).ids),
            )
        )
        (admin | demo).invalidate_recordset(["create_date"])
        logs = []
        for back in range(months, -1, -1):
            month = first_of_month - relativedelta(months=back)
            for day, user in ((2, admin), (9, admin), (16, admin), (23, admin)):
                logs.append((user, month.replace(day=day)))
            if back % 4:
                logs += [(demo, month.replace(day=5)), (demo, month.replace(day=19))]
        now = fields.Datetime.now()
        self.env["res.users.log"].create(
            [
                {"create_uid": user.id, "create_date": at}
                for user, day in logs
                if (at := datetime.combine(day, time(8))) < now
            ]
        )
        deals = (
            self.env["crm.lead"]
            .with_context(active_test=False)
            .search(
                [("name", "=like", "Demo deal %"), ("create_date", ">=", since)],
                order="create_date, id",
            )
        )
        call = self.env.ref("mail.mail_activity_data_call")
        model = self.env["ir.model"]._get_id("crm.lead")
        activities = []
        for index, deal in enumerate(deals):
            user = demo if index % 2 else admin
            created, closed = deal.create_date, deal.date_closed
            # the first call is due a week in, late one time in three; the
            # second is due on the closing day and done on it
            late = index % 3 == 0
            activities += [
                {
                    "res_model_id": model,
                    "res_id": deal.id,
                    "activity_type_id": call.id,
                    "summary": self.env._("Discovery call"),
                    "user_id": user.id,
                    "create_uid": user.id,
                    "create_date": created + relativedelta(days=1),
                    "date_deadline": (created + relativedelta(days=8)).date(),
                    "date_done": (
                        created + relativedelta(days=11 if late else 7)
                    ).date(),
                    "active": False,
                },
                {
                    "res_model_id": model,
                    "res_id": deal.id,
                    "activity_type_id": call.id,
                    "summary": self.env._("Closing call"),
                    "user_id": user.id,
                    "create_uid": user.id,
                    "create_date": created + relativedelta(days=12),
                    "date_deadline": closed.date(),
                    "date_done": closed.date(),
                    "active": False,
                },
            ]
            deal.message_post(
                body=self.env._("Needs confirmed with the customer."),
                message_type="comment",
                subtype_xmlid="mail.mt_note",
                author_id=user.partner_id.id,
                date=created + relativedelta(days=3),
            )
        # next steps planned on two in three of the open opportunities
        opportunities = self.env["crm.lead"].search(
            [
                ("type", "=", "opportunity"),
                ("stage_id.is_won", "=", False),
                ("company_id", "in", [False, self.env.company.id]),
            ],
            order="id",
        )
        today = fields.Date.context_today(self)
        activities += [
            {
                "res_model_id": model,
                "res_id": opportunity.id,
                "activity_type_id": call.id,
                "summary": self.env._("Next step"),
                "user_id": (opportunity.user_id or admin).id,
                "create_uid": (opportunity.user_id or admin).id,
                "create_date": min(
                    opportunity.create_date + relativedelta(hours=1), now
                ),
                "date_deadline": today + relativedelta(days=index % 7),
            }
            for index, opportunity in enumerate(opportunities)
            if index % 3
        ]
        self.env["mail.activity"].with_context(mail_activity_quick_update=True).create(
            activities
        )
        self._demo_adoption_customers(deals.filtered("active"))

    def _demo_adoption_customers(self, won):
        """Customers for the won demo deals: one in two with a record that
        passes the data quality checks (demo companies that lacked only an
        acquisition channel, given one), the others not."""
        Partner = self.env["res.partner"]
        labels = self.env["crm.lifecycle.portfolio"]._data_quality_check_labels()
        almost = Partner.search(
            [
                ("is_company", "=", True),
                ("data_quality_issues", "=", labels["channel"]),
            ],
            order="id",
            limit=4,
        )
        almost.acquisition_channel_id = self.env["crm.acquisition.channel"].search(
            [("is_referral", "=", False)], limit=1
        )
        self.env["crm.lifecycle.portfolio"].sudo()._refresh(almost.ids)
        clean = almost.filtered(
            lambda partner: partner.data_quality_score == ALL_CHECKS_PASSED
        )
        messy = Partner.search(
            [
                ("is_company", "=", True),
                ("data_quality_score", ">", 0),
                ("data_quality_score", "<", ALL_CHECKS_PASSED),
            ],
            order="id",
            limit=4,
        )
        if not (clean and messy):
            return
        for index, deal in enumerate(won):
            pool = messy if index % 2 else clean
            deal.partner_id = pool[index // 2 % len(pool)]
