"""Benchmark sources of the user adoption KPIs (not collected by pytest).

``load(env, scale)`` fills, set-based, what the adoption KPIs and the
Adoption analysis read, over the two years before today, on top of the bench
leads of ``bench_scorecard.load_leads`` (run it first): at ``scale`` 1.0
(the 1M-orders dataset) 100 sales people, 50,000 logins, 200,000 chatter
notes of theirs on the leads and 300,000 activities on the leads: four in
five done (on time or up to three days late), the rest open. With eLearning
(crm_success_metrics_slides), two training courses and their sales people's
memberships.
"""

import bench_data
from bench_scorecard import DAYS_AGO


def bench_sales_people(env, count):
    """``count`` sales people of the company (ORM: groups, partners)."""
    group = env.ref("sales_team.group_sale_salesman")
    users = env["res.users"].create(
        [
            {
                "name": f"Bench sales person {index}",
                "login": f"bench_sales_{index}",
                "company_id": env.company.id,
                "company_ids": [env.company.id],
                "groups_id": [(6, 0, [env.ref("base.group_user").id, group.id])],
            }
            for index in range(count)
        ]
    )
    env.flush_all()
    # created long before the benchmarked periods
    env.cr.execute(
        "UPDATE res_users SET create_date = now() - interval '3 years'"
        " WHERE id = ANY(%s)",
        [users.ids],
    )
    return users


def bench_leads(cr):
    cr.execute("SELECT min(id), max(id) FROM crm_lead WHERE name LIKE 'Bench lead%%'")
    return cr.fetchone()


def load(env, scale):
    """Load the adoption sources; ``scale`` 1.0 for the 1M-orders dataset."""
    users = bench_sales_people(env, max(2, int(100 * scale)))
    first_user, user_count = users[0].id, len(users)
    first_partner = users[0].partner_id.id
    # ids of ORM-created users and their partners are consecutive
    assert users.ids == list(range(first_user, first_user + user_count))
    assert users.partner_id.ids == list(
        range(first_partner, first_partner + user_count)
    )
    user = f"{first_user} + (g::bigint * 7) %% {user_count}"
    first_lead, last_lead = bench_leads(env.cr)
    lead = f"{first_lead} + (g::bigint * 104729) %% {last_lead - first_lead + 1}"
    when = f"now() at time zone 'utc' - {DAYS_AGO} - (g %% 600) * interval '1 minute'"

    # logins
    login = env["res.users.log"].create({})
    env.flush_all()
    bench_data._copy_rows(
        env.cr,
        "res_users_log",
        login.id,
        int(50_000 * scale),
        {"create_uid": user, "write_uid": user, "create_date": when},
    )

    # notes of the sales people on the leads (CRM actions)
    note = env["mail.message"].create(
        {
            "model": "crm.lead",
            "res_id": first_lead,
            "message_type": "comment",
            "subtype_id": env.ref("mail.mt_note").id,
            "is_internal": True,
            "author_id": first_partner,
            "body": "Bench note",
            "record_company_id": env.company.id,
        }
    )
    env.flush_all()
    bench_data._copy_rows(
        env.cr,
        "mail_message",
        note.id,
        int(200_000 * scale),
        {
            "res_id": lead,
            "author_id": f"{first_partner} + (g::bigint * 7) %% {user_count}",
            "date": when,
            "message_id": "'<bench-note-' || g || '@example.com>'",
        },
    )

    # activities on the leads: 4 in 5 done, on time or up to 3 days late
    activity = env["mail.activity"].create(
        {
            "res_model_id": env["ir.model"]._get_id("crm.lead"),
            "res_id": first_lead,
            "user_id": first_user,
            "activity_type_id": env.ref("mail.mail_activity_data_call").id,
            "date_deadline": "2020-01-01",
        }
    )
    env.flush_all()
    deadline = f"({when} + (g %% 14) * interval '1 day')::date"
    done = "g %% 5 <> 0"
    bench_data._copy_rows(
        env.cr,
        "mail_activity",
        activity.id,
        int(300_000 * scale),
        {
            "res_id": lead,
            "user_id": user,
            "create_uid": user,
            "create_date": when,
            "date_deadline": deadline,
            "active": f"NOT ({done})",
            "date_done": f"CASE WHEN {done} THEN {deadline}"
            " + ((g::bigint * 13) %% 7 - 3)::int END",
        },
    )
    for table in ("res_users_log", "mail_message", "mail_activity"):
        env.cr.execute(f"ANALYZE {table}")
    if "crm_success_training_channel_ids" in env.company._fields:
        load_training(env, users)


def load_training(env, users):
    """With eLearning (crm_success_metrics_slides): two CRM training courses;
    two sales people in three finished the first, one in three both, on a
    day of the last two years."""
    courses = env["slide.channel"].create(
        [{"name": "Bench CRM basics"}, {"name": "Bench pipeline discipline"}]
    )
    env.company.crm_success_training_channel_ids = courses
    template = env["slide.channel.partner"].create(
        {
            "channel_id": courses[0].id,
            "partner_id": users[0].partner_id.id,
            "member_status": "completed",
            "completion": 100,
        }
    )
    env.flush_all()
    first_partner, count = users[0].partner_id.id, len(users)
    finished = f"now() at time zone 'utc' - {DAYS_AGO}"
    for course, share in ((courses[0], "g %% 3 <> 1"), (courses[1], "g %% 3 = 0")):
        bench_data._copy_rows(
            env.cr,
            "slide_channel_partner",
            template.id,
            count - 1,
            {
                "channel_id": str(course.id),
                "partner_id": f"{first_partner} + g",
                "member_status": f"CASE WHEN {share} THEN 'completed'"
                " ELSE 'ongoing' END",
                "crm_success_completed_at": f"CASE WHEN {share} THEN {finished} END",
            },
        )
