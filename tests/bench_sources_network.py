"""Benchmark data of the network (issue #13 item 4), not collected by pytest.

``load(env, scale)`` gives network roles to a share of the bench customers of
``bench_data`` (2,000 at scale 1.0, the five roles in turn), makes one bench
customer in ten (those whose id ends in 5 and with no referrer yet) referred
by the network partner before it, and attributes one bench complaint in five
to a supplier or a carrier, all in set-based SQL. Run it after
``bench_scorecard.load_complaints``: it attributes the complaints loaded.
"""

import bench_data

ROLES = ("supplier", "carrier", "reseller", "service", "investor")


def load(env, scale=1.0):
    cr = env.cr
    env.flush_all()
    cr.execute(
        "SELECT min(id), max(id) FROM res_partner WHERE ref = %s",
        [bench_data.BENCH_REF],
    )
    first_id, last_id = cr.fetchone()
    network = max(len(ROLES), int(2000 * scale))
    stride = max(1, (last_id - first_id + 1) // network)
    cr.execute(
        """
        UPDATE res_partner
           SET network_role = (%(roles)s::varchar[])[
                   1 + ((id - %(first)s) / %(stride)s) %% 5]
         WHERE ref = %(ref)s AND (id - %(first)s) %% %(stride)s = 0
        """,
        {
            "roles": list(ROLES),
            "first": first_id,
            "stride": stride,
            "ref": bench_data.BENCH_REF,
        },
    )
    cr.execute(
        """
        UPDATE res_partner
           SET referred_by_id = %(first)s + ((id - %(first)s) / %(stride)s) * %(stride)s
         WHERE ref = %(ref)s AND id %% 10 = 5 AND referred_by_id IS NULL
           AND (id - %(first)s) %% %(stride)s <> 0
        """,
        {"first": first_id, "stride": stride, "ref": bench_data.BENCH_REF},
    )
    cr.execute(
        """
        WITH supply AS (
            SELECT array_agg(id ORDER BY id) AS ids
              FROM res_partner
             WHERE ref = %(ref)s AND network_role IN ('supplier', 'carrier'))
        UPDATE crm_complaint
           SET responsible_partner_id = supply.ids[
                   1 + crm_complaint.id %% cardinality(supply.ids)]
          FROM supply
         WHERE crm_complaint.name LIKE 'BENCH-C/%%' AND crm_complaint.id %% 5 = 0
        """,
        {"ref": bench_data.BENCH_REF},
    )
    cr.execute("ANALYZE res_partner")
    cr.execute("ANALYZE crm_complaint")
    env.invalidate_all()
