"""Benchmark data of the value propositions (issue #13.5), for
``bench_scorecard.py`` (not collected by pytest).

``load(env, scale)`` runs after the bench customers and orders
(``bench_data.load``) and the lifecycle run, which gave the customers their
RFM segments, Pareto classes and lifecycle stages (when it did not, they are
spread over the bench customers here). It offers a campaign to one
bench order in 10 and a pricelist to one in 20, tags one customer in 7, and
creates four propositions, one per kind of segment (RFM champions, Pareto A,
loyal stage, tags), with all three kinds of offer: their KPIs then read every
bench purchase of their segments. The shares do not depend on ``scale``: the
orders and customers already do.
"""

from bench_data import BENCH_REF


def load(env, scale=1.0):
    """Mark the offers on the bench data and create the propositions; return
    them."""
    cr = env.cr
    campaign = env["utm.campaign"].create({"name": "Bench campaign"})
    pricelist = env["product.pricelist"].create(
        {"name": "Bench pricelist", "company_id": env.company.id}
    )
    tag = env["res.partner.category"].create({"name": "Bench tag"})
    category = env["product.category"].create({"name": "Bench offer"})
    env.flush_all()
    cr.execute(
        "INSERT INTO res_partner_res_partner_category_rel (category_id, partner_id)"
        " SELECT %s, id FROM res_partner WHERE ref = %s AND id %% 7 = 0",
        [tag.id, BENCH_REF],
    )
    cr.execute(
        "UPDATE sale_order SET campaign_id = %s"
        " WHERE name LIKE 'BENCH/%%' AND id %% 10 = 0",
        [campaign.id],
    )
    cr.execute(
        "UPDATE sale_order SET pricelist_id = %s"
        " WHERE name LIKE 'BENCH/%%' AND id %% 20 = 3",
        [pricelist.id],
    )
    # the segments are crm_lifecycle's figures; a benchmark that did not run
    # its portfolio refresh gets them spread over the customers instead
    cr.execute(
        "UPDATE res_partner SET rfm_segment = (ARRAY['champions', 'loyal',"
        " 'potential_loyalist', 'new', 'at_risk', 'hibernating', 'others'])"
        "[1 + id %% 7], pareto_class = CASE WHEN id %% 5 = 0 THEN 'A'"
        " WHEN id %% 5 = 1 THEN 'B' ELSE 'C' END"
        " WHERE ref = %s AND rfm_segment IS NULL",
        [BENCH_REF],
    )
    cr.execute(
        "UPDATE res_partner SET lifecycle_stage_id = %s"
        " WHERE ref = %s AND lifecycle_stage_id IS NULL AND id %% 4 = 0",
        [env.ref("crm_lifecycle.crm_lifecycle_stage_loyal").id, BENCH_REF],
    )
    cr.execute("ANALYZE sale_order")
    cr.execute("ANALYZE res_partner")
    env.invalidate_all()
    common = {"company_id": env.company.id, "start_date": "2024-01-01"}
    return env["crm.value.proposition"].create(
        [
            {
                **common,
                "name": "Bench champions",
                "segment_type": "rfm",
                "rfm_segment": "champions",
                "campaign_id": campaign.id,
                "target_uptake": 30.0,
            },
            {
                **common,
                "name": "Bench Pareto A",
                "segment_type": "pareto",
                "pareto_class": "A",
                "pricelist_id": pricelist.id,
                "campaign_id": campaign.id,
                "target_uptake": 40.0,
            },
            {
                **common,
                "name": "Bench loyal",
                "segment_type": "stage",
                "lifecycle_stage_id": env.ref(
                    "crm_lifecycle.crm_lifecycle_stage_loyal"
                ).id,
                "product_category_ids": [(6, 0, category.ids)],
                "pricelist_id": pricelist.id,
                "target_uptake": 20.0,
            },
            {
                **common,
                "name": "Bench tagged",
                "segment_type": "tags",
                "category_ids": [(6, 0, tag.ids)],
                "campaign_id": campaign.id,
                "target_uptake": 25.0,
            },
        ]
    )
