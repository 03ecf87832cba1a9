"""Benchmark sources of the channel mix KPIs (issue #13.3), loaded set-based.

``load(env, scale)`` runs after ``bench_scorecard.load_service_contacts``:

- spreads the bench service contacts over the six channels (phone 35 %,
  e-mail 20 %, chat 15 %, self-service 15 %, web form 10 %, in person 5 %);
- adds ``5,000 * scale`` escalations: a phone or e-mail contact of the
  customer of a self-service, chat or web form contact, 1 to 47 hours later
  (inbound, answered);
- creates 50 topics and tags about 60 % of the contacts with one of them,
  the first topics far more often than the last (a squared spread).

At scale 1.0 (100,000 customers, about 100,000 service contacts over two
years) a month has about 1,300 self-service and digital contacts, of which
about 200 escalated (15 %, plus the rare follow-ups the random spread
makes). Checked at scale 0.04 (2,000 customers, 4,000 contacts): the five
KPIs in about 10 ms each.
"""

TOPICS = 50


def load(env, scale):
    cr = env.cr
    company = env.company
    env.flush_all()
    cr.execute(
        """
        UPDATE crm_service_contact
           SET channel = CASE
                   WHEN (id::bigint * 7919) % 100 < 35 THEN 'phone'
                   WHEN (id::bigint * 7919) % 100 < 55 THEN 'email'
                   WHEN (id::bigint * 7919) % 100 < 70 THEN 'chat'
                   WHEN (id::bigint * 7919) % 100 < 85 THEN 'self_service'
                   WHEN (id::bigint * 7919) % 100 < 95 THEN 'web_form'
                   ELSE 'in_person' END
         WHERE case_ref LIKE 'BENCH-CASE/%'
        """
    )
    cr.execute(
        """
        INSERT INTO crm_service_contact (
            company_id, partner_id, user_id, channel, direction, queued_at,
            answered_at, ended_at, abandoned, resolved, first_contact_resolution,
            wait_seconds, handle_seconds, case_ref,
            create_uid, create_date, write_uid, write_date)
        SELECT source.company_id, source.partner_id, source.user_id,
               CASE WHEN source.id %% 2 = 0 THEN 'phone' ELSE 'email' END,
               'inbound', later.queued_at, later.queued_at + interval '30 seconds',
               later.queued_at + interval '330 seconds', FALSE, TRUE, FALSE,
               30, 300, 'BENCH-ESCALATION', source.create_uid, now(),
               source.write_uid, now()
          FROM (SELECT * FROM crm_service_contact
                 WHERE case_ref LIKE 'BENCH-CASE/%%'
                   AND direction = 'inbound' AND partner_id IS NOT NULL
                   AND channel IN ('self_service', 'chat', 'web_form')
                 ORDER BY (id::bigint * 104729) %% 1000003
                 LIMIT %s) source
         CROSS JOIN LATERAL (
               SELECT source.queued_at
                      + (1 + source.id %% 47) * interval '1 hour' AS queued_at
         ) later
        """,
        [int(5_000 * scale)],
    )
    topics = env["crm.service.topic"].create(
        [
            {"name": f"Bench topic {n:02d}", "company_id": company.id}
            for n in range(1, TOPICS + 1)
        ]
    )
    env.flush_all()
    cr.execute(
        """
        INSERT INTO crm_service_contact_topic_rel (contact_id, topic_id)
        SELECT contact.id,
               (%s::int[])[1 + floor(%s * power(((contact.id::bigint * 7919) %% 10007)
                                                 / 10007.0, 2))::int]
          FROM crm_service_contact contact
         WHERE contact.case_ref LIKE 'BENCH-%%'
           AND (contact.id::bigint * 31) %% 10 < 6
        """,
        [topics.ids, TOPICS],
    )
    cr.execute("ANALYZE crm_service_contact")
    cr.execute("ANALYZE crm_service_contact_topic_rel")
    env.invalidate_all()
