"""Campaign return sources of the scorecard benchmark (not collected by pytest).

``load(env, scale)`` puts a UTM campaign, source and medium on a share of the
benchmark's confirmed orders (one in five, so on about as many first
purchases) and leads (three in ten), and enters the campaigns' costs: about
2,000 dated cost lines at ``scale`` 1.0 (1M orders, 200k leads), spread over
the two years before today. Set-based: one statement per table.
"""

from odoo.tools import SQL

CAMPAIGNS = ("Bench spring", "Bench autumn", "Bench search ads")
COST_LINES = 2000


def load(env, scale):
    company = env.company
    campaigns = env["utm.campaign"].create([{"title": name} for name in CAMPAIGNS])
    sources = env["utm.source"].create([{"name": name} for name in CAMPAIGNS])
    mediums = env["utm.medium"].create([{"name": name} for name in CAMPAIGNS])
    env.flush_all()
    utm = SQL(
        """
        campaign_id = (%(campaigns)s::int[])[1 + mod(id, 3)],
        source_id = (%(sources)s::int[])[1 + mod(id, 3)],
        medium_id = (%(mediums)s::int[])[1 + mod(id, 3)]
        """,
        campaigns=campaigns.ids,
        sources=sources.ids,
        mediums=mediums.ids,
    )
    env.cr.execute(
        SQL(
            "UPDATE sale_order SET %s WHERE company_id = %s AND mod(id, 5) = 0",
            utm,
            company.id,
        )
    )
    env.cr.execute(
        SQL(
            "UPDATE crm_lead SET %s WHERE company_id = %s AND mod(id, 10) < 3",
            utm,
            company.id,
        )
    )
    env.cr.execute(
        SQL(
            """
            INSERT INTO crm_campaign_cost
                   (campaign_id, company_id, date, amount, name,
                    create_uid, create_date, write_uid, write_date)
            SELECT (%(campaigns)s::int[])[1 + mod(g, 3)], %(company)s,
                   (now() at time zone 'utc')::date - mod(g::bigint * 7919, 730)::int,
                   100 + mod(g * 37, 900), 'Bench cost ' || g,
                   %(uid)s, now() at time zone 'utc', %(uid)s, now() at time zone 'utc'
              FROM generate_series(1, %(count)s) g
            """,
            campaigns=campaigns.ids,
            company=company.id,
            uid=env.uid,
            count=max(1, round(COST_LINES * scale)),
        )
    )
    env["sale.order"].invalidate_model(["campaign_id", "source_id", "medium_id"])
    env["crm.lead"].invalidate_model(["campaign_id", "source_id", "medium_id"])
    env["crm.campaign.cost"].invalidate_model()
