# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from odoo.addons.crm_lifecycle.tools.sql import company_zones, local_day

from ..kpis.adoption import (
    SOURCE_FIELDS,
    crm_actions,
    crm_users,
    done_activities,
    logins,
    open_opportunity,
    planned,
)

# Months back from the current one in which the analysis rebuilds the
# opportunities open at each month's end.
STOCK_MONTHS = 24


def _month(day):
    """SQL: the first day of the month of ``day`` (SQL, a date)."""
    return SQL("date_trunc('month', %s)::date", day)


class CrmSuccessAdoptionReport(models.Model):
    """One row per CRM user and month (in their company's time zone): logins,
    CRM actions, whether the user was active, activities done on time and
    overdue, and the opportunities they own open at the month's end with and
    without a next activity. The terms are those of the adoption KPIs
    (``kpis/adoption.py``); the KPIs are per company, this per team and
    user."""

    _name = "crm.success.adoption.report"
    _description = "CRM Adoption Analysis"
    _auto = False
    _order = "month desc, user_id"
    _rec_name = "user_id"
    _depends = {**SOURCE_FIELDS, "res.company": ["lifecycle_tz"]}

    month = fields.Date(readonly=True)
    user_id = fields.Many2one("res.users", readonly=True)
    team_id = fields.Many2one(
        "crm.team",
        string="Sales Team",
        readonly=True,
        help="The user's main sales team, today.",
    )
    company_id = fields.Many2one("res.company", readonly=True)
    login_count = fields.Integer(string="Logins", readonly=True)
    action_count = fields.Integer(
        string="CRM Actions",
        readonly=True,
        help="Chatter messages the user authored on leads, sale orders, "
        "complaints and contacts (notes, e-mails, logged changes, activities "
        "done), and "
        "activities the user scheduled on them.",
    )
    active_user_count = fields.Integer(
        string="Active Users",
        readonly=True,
        help="1 when the user logged in and did at least one CRM action in the "
        "month: summed, the active users of a team.",
    )
    activity_on_time_count = fields.Integer(
        string="Activities Done on Time", readonly=True
    )
    activity_overdue_count = fields.Integer(
        string="Activities Done Overdue", readonly=True
    )
    opportunity_planned_count = fields.Integer(
        string="Opportunities with Next Activity",
        readonly=True,
        help="The user's opportunities open at the end of the month with an "
        "activity planned then (a stock: sum it over users, not months).",
    )
    opportunity_unplanned_count = fields.Integer(
        string="Opportunities without Next Activity", readonly=True
    )

    def _query(self):
        users = SQL("SELECT * FROM crm_user")
        return SQL(
            """
            WITH crm_user AS (
                SELECT crm_user.*, zone.tz
                  FROM (%(users)s) crm_user
                  JOIN (%(zones)s) zone ON zone.company_id = crm_user.company_id
            ), event AS (
                SELECT login.user_id, %(login_month)s AS month,
                       1 AS logins, 0 AS actions, 0 AS on_time, 0 AS overdue,
                       0 AS planned, 0 AS unplanned
                  FROM (%(logins)s) login
                  JOIN crm_user ON crm_user.user_id = login.user_id
                 UNION ALL
                SELECT action.user_id, %(action_month)s, 0, 1, 0, 0, 0, 0
                  FROM (%(actions)s) action
                  JOIN crm_user ON crm_user.user_id = action.user_id
                 UNION ALL
                SELECT done.user_id, %(done_month)s, 0, 0,
                       done.on_time::int, (NOT done.on_time)::int, 0, 0
                  FROM (%(done)s) done
                 UNION ALL
                SELECT crm_user.user_id, stock.month, 0, 0, 0, 0,
                       (%(planned)s)::int, (NOT %(planned)s)::int
                  FROM crm_user
                 CROSS JOIN generate_series(
                       date_trunc('month', LOCALTIMESTAMP)
                       - %(back)s * INTERVAL '1 month',
                       date_trunc('month', LOCALTIMESTAMP),
                       INTERVAL '1 month') series(start)
                 CROSS JOIN LATERAL (
                       SELECT series.start::date AS month,
                              (series.start + INTERVAL '1 month')
                              AT TIME ZONE crm_user.tz AT TIME ZONE 'UTC' AS at
                       ) stock
                  JOIN crm_lead lead ON lead.user_id = crm_user.user_id
                   AND %(open)s
            )
            SELECT ROW_NUMBER() OVER (ORDER BY event.month, event.user_id) AS id,
                   event.month, event.user_id, crm_user.team_id,
                   crm_user.company_id,
                   SUM(event.logins) AS login_count,
                   SUM(event.actions) AS action_count,
                   (SUM(event.logins) > 0 AND SUM(event.actions) > 0)::int
                   AS active_user_count,
                   SUM(event.on_time) AS activity_on_time_count,
                   SUM(event.overdue) AS activity_overdue_count,
                   SUM(event.planned) AS opportunity_planned_count,
                   SUM(event.unplanned) AS opportunity_unplanned_count
              FROM event
              JOIN crm_user ON crm_user.user_id = event.user_id
             GROUP BY event.month, event.user_id, crm_user.team_id,
                      crm_user.company_id
            """,
            users=crm_users(self.env),
            zones=company_zones(),
            logins=logins(users, SQL("TRUE")),
            login_month=_month(local_day(SQL("login.at"), SQL("crm_user.tz"))),
            actions=crm_actions(users, SQL("TRUE"), SQL("TRUE")),
            action_month=_month(local_day(SQL("action.at"), SQL("crm_user.tz"))),
            done=done_activities(users, SQL("TRUE")),
            done_month=_month(SQL("done.date_done")),
            back=STOCK_MONTHS,
            open=open_opportunity(SQL("stock.at")),
            planned=planned(SQL("stock.at")),
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (%s)",
                SQL.identifier(self._table),
                self._query(),
            )
        )
