# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What user adoption reads, written once: who the CRM users are, what a
login, a CRM action, a done activity and a planned opportunity are. The
adoption KPIs (``models/crm_success_kpi_adoption.py``), the Adoption analysis
(``report/crm_success_adoption_report.py``) and the training KPI of
``crm_success_metrics_slides`` build their queries from these fragments.

- CRM user: an active internal user in the group Sales / User: Own Documents
  Only (the other sales groups imply it); the user's company is their
  default company.
- Login: a row of ``res.users.log``, which Odoo writes when a user signs in
  (and, with the Employees Presence app, once a day per address of use);
  this addon keeps those rows for two years (``res.users.log``).
- CRM action: a chatter message the user authored on a lead/opportunity, a
  sale order, a complaint or a contact (a note, an e-mail, a logged change
  of a tracked field including the creation, an activity marked done), or an
  activity the user scheduled on one of them.
- Done activity: an activity of one of those records marked done; Odoo
  deletes done activities, this addon archives them (``mail.activity``) so
  that their deadline and done day stay known. On time: done on or before
  its deadline (Odoo records the done day in UTC).
- Open opportunity at an instant: an opportunity converted (or created as
  one) before it and not closed (won or lost) before it; planned: with an
  activity scheduled before that instant and still open then (open today,
  or done on the day of that instant or later). Activities cancelled or
  done before this addon was installed are gone, so such opportunities of
  past months read unplanned.
"""

from odoo.tools import SQL

# The records whose chatter and activities are CRM work: the pipeline, the
# orders, the complaints and the customers (crm_lifecycle's reminders are
# activities on them).
CRM_MODELS = ["crm.lead", "sale.order", "crm.complaint", "res.partner"]
# Chatter messages that are the user's own act (not the automatic
# notifications sent to an assignee).
ACTION_MESSAGE_TYPES = ["comment", "email", "email_outgoing", "notification"]


# What the fragments read, per model: flushed before a KPI's query, and the
# ``_depends`` of the Adoption analysis.
SOURCE_FIELDS = {
    "res.users": [
        "active",
        "share",
        "partner_id",
        "company_id",
        "groups_id",
        "sale_team_id",
        "create_date",
    ],
    "res.users.log": ["create_uid", "create_date"],
    "mail.message": ["author_id", "model", "message_type", "date"],
    "mail.activity": [
        "res_model",
        "res_id",
        "user_id",
        "active",
        "date_deadline",
        "date_done",
        "create_uid",
        "create_date",
    ],
    "crm.lead": [
        "type",
        "active",
        "company_id",
        "user_id",
        "create_date",
        "date_conversion",
        "date_closed",
    ],
}


def flush_adoption(env):
    """Flush what the adoption fragments read."""
    for model, field_names in SOURCE_FIELDS.items():
        env[model].flush_model(field_names)


def crm_users(env):
    """SQL rows ``(user_id, partner_id, company_id, team_id, create_date)``
    of the CRM users (see the module's docstring); ``team_id`` is the user's
    main sales team."""
    return SQL(
        """
        SELECT crm_user.id AS user_id, crm_user.partner_id,
               crm_user.company_id, crm_user.sale_team_id AS team_id,
               crm_user.create_date
          FROM res_users crm_user
         WHERE crm_user.active AND NOT crm_user.share
           AND EXISTS (SELECT FROM res_groups_users_rel rel
                        WHERE rel.uid = crm_user.id AND rel.gid = %s)
        """,
        # an ormcached lookup, no query again (env.ref checks the record)
        env["ir.model.data"]._xmlid_to_res_id("sales_team.group_sale_salesman"),
    )


def logins(users, dates):
    """SQL rows ``(user_id, at)`` of the logins of ``users`` (rows of
    :func:`crm_users`) whose time ``login.create_date`` meets ``dates``."""
    return SQL(
        """
        SELECT login.create_uid AS user_id, login.create_date AS at
          FROM res_users_log login
         WHERE login.create_uid IN (SELECT user_id FROM (%s) crm_user)
           AND %s
        """,
        users,
        dates,
    )


def crm_actions(users, message_dates, activity_dates):
    """SQL rows ``(user_id, at)``, one per CRM action of ``users`` (rows of
    :func:`crm_users`): the messages whose ``message.date`` meets
    ``message_dates`` and the activities whose ``activity.create_date``
    meets ``activity_dates`` (conditions on the indexed columns)."""
    return SQL(
        """
        SELECT crm_user.user_id, message.date AS at
          FROM mail_message message
          JOIN (%(users)s) crm_user ON crm_user.partner_id = message.author_id
         WHERE message.model = ANY(%(models)s)
           AND message.message_type = ANY(%(types)s)
           AND %(message_dates)s
         UNION ALL
        SELECT crm_user.user_id, activity.create_date AS at
          FROM mail_activity activity
          JOIN (%(users)s) crm_user ON crm_user.user_id = activity.create_uid
         WHERE activity.res_model = ANY(%(models)s)
           AND %(activity_dates)s
        """,
        users=users,
        models=CRM_MODELS,
        types=ACTION_MESSAGE_TYPES,
        message_dates=message_dates,
        activity_dates=activity_dates,
    )


def done_activities(users, dates):
    """SQL rows ``(id, user_id, date_done, on_time)`` of the done activities
    assigned to ``users`` (rows of :func:`crm_users`) whose done day
    ``activity.date_done`` meets ``dates``."""
    return SQL(
        """
        SELECT activity.id, activity.user_id, activity.date_done,
               activity.date_done <= activity.date_deadline AS on_time
          FROM mail_activity activity
         WHERE NOT activity.active AND activity.date_done IS NOT NULL
           AND activity.res_model = ANY(%s)
           AND activity.user_id IN (SELECT user_id FROM (%s) crm_user)
           AND %s
        """,
        CRM_MODELS,
        users,
        dates,
    )


def open_opportunity(at):
    """SQL condition on ``lead`` (``crm_lead``): an opportunity open at the
    instant ``at`` (SQL, a UTC timestamp)."""
    return SQL(
        """
        (lead.type = 'opportunity'
         AND COALESCE(lead.date_conversion, lead.create_date) < %(at)s
         AND (lead.date_closed IS NULL OR lead.date_closed >= %(at)s)
         AND (lead.active OR lead.date_closed IS NOT NULL))
        """,
        at=at,
    )


def planned(at):
    """SQL condition on ``lead``: an activity of the lead was planned at the
    instant ``at`` (SQL, a UTC timestamp)."""
    return SQL(
        """
        EXISTS (SELECT FROM mail_activity next_activity
                 WHERE next_activity.res_model = 'crm.lead'
                   AND next_activity.res_id = lead.id
                   AND next_activity.create_date < %(at)s
                   AND (next_activity.active
                        OR next_activity.date_done >= (%(at)s)::date))
        """,
        at=at,
    )
