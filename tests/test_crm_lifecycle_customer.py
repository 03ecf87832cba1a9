# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One customer's evaluation: facts -> history rows and figures (no Odoo)."""

import doctest
from datetime import date

from crm_lifecycle.engine import customer
from crm_lifecycle.engine.customer import (
    CustomerFacts,
    HistoryRow,
    change_row,
    customer_figures,
    days_without_purchase,
    replay_rows,
    stage_after,
)

STAGES = {"prospect": 1, "new": 2, "repeat": 3, "loyal": 4, "advocate": 5}
STAGES.update(at_risk=6, churned=7)
JAN_1 = date(2024, 1, 1)


def test_doctests():
    assert not doctest.testmod(customer).failed


def test_first_purchase_is_a_change_dated_on_its_order():
    facts = CustomerFacts(9, [JAN_1], [101])
    row = change_row(facts, date(2024, 1, 5), STAGES, (None, None), "sale_order")
    assert row == HistoryRow(9, None, STAGES["new"], JAN_1, "order", 101)
    assert stage_after((None, None), row) == (STAGES["new"], JAN_1)


def test_unchanged_stage_has_no_row_and_keeps_its_date():
    facts = CustomerFacts(9, [JAN_1], [101])
    current = (STAGES["new"], JAN_1)
    assert change_row(facts, date(2024, 2, 1), STAGES, current, "sale_order") is None
    assert stage_after(current, None) == current


def test_inactivity_is_dated_on_the_first_day_past_the_threshold():
    # one purchase on Jan 1: the gap first exceeds 90 days on April 1 (day 91)
    facts = CustomerFacts(9, [JAN_1], [101])
    row = change_row(
        facts, date(2024, 4, 20), STAGES, (STAGES["new"], JAN_1), "invoice"
    )
    assert row == HistoryRow(
        9, STAGES["new"], STAGES["at_risk"], date(2024, 4, 1), "inactivity"
    )
    assert days_without_purchase(facts.purchase_dates, row.date) == 91


def test_cancelled_purchases_leave_the_stage_on_the_day_of_the_run():
    facts = CustomerFacts(9)
    today = date(2024, 3, 3)
    row = change_row(facts, today, STAGES, (STAGES["new"], JAN_1), "invoice")
    assert row == HistoryRow(9, STAGES["new"], None, today, "invoice")
    assert stage_after((STAGES["new"], JAN_1), row) == (None, None)


def test_advocacy_evidence_is_a_referral_row():
    loyal = [date(2024, 1, 1), date(2024, 2, 1), date(2024, 3, 1), date(2024, 4, 1)]
    facts = CustomerFacts(9, loyal, [1, 2, 3, 4], advocacy_date=date(2024, 4, 10))
    row = change_row(
        facts, date(2024, 4, 10), STAGES, (STAGES["loyal"], loyal[-1]), "sale_order"
    )
    assert (row.stage_to_id, row.date, row.reason, row.order_id) == (
        STAGES["advocate"],
        date(2024, 4, 10),
        "referral",
        None,
    )


def test_replay_rows_chain_the_stages_and_name_the_last_order_of_a_day():
    # two orders on Jan 1 (ids 11 and 12): two purchases make it repeat that
    # very day; the third, on Feb 1, changes nothing
    facts = CustomerFacts(9, [JAN_1, JAN_1, date(2024, 2, 1)], [11, 12, 13])
    rows = replay_rows(facts, date(2024, 3, 1), STAGES)
    assert rows == [HistoryRow(9, None, STAGES["repeat"], JAN_1, "rebuild", 12)]


def test_replay_of_a_lapsed_customer_ends_at_risk():
    facts = CustomerFacts(9, [JAN_1, date(2024, 2, 1)], [11, 13])
    rows = replay_rows(facts, date(2024, 6, 1), STAGES)
    # gap Jan 1 -> Feb 1 = 31 days, avg 31, at risk past max(90, 46.5) = 90
    # days: May 2 (Feb 1 + 91 days)
    assert [(r.stage_to_id, r.date, r.order_id) for r in rows] == [
        (STAGES["new"], JAN_1, 11),
        (STAGES["repeat"], date(2024, 2, 1), 13),
        (STAGES["at_risk"], date(2024, 5, 2), None),
    ]


def test_figures():
    facts = CustomerFacts(
        9,
        [JAN_1, date(2024, 1, 11), date(2024, 1, 31)],
        [1, 2, 3],
        revenue=300.0,
        referral_count=1,
        referred_revenue=50.0,
    )
    figures = customer_figures(facts, STAGES["repeat"], date(2024, 1, 11), rate=2.0)
    # 30 days over 2 gaps: 15 days on average, next purchase expected Feb 15
    assert (
        figures.first_order_date,
        figures.last_order_date,
        figures.order_count,
        figures.avg_days_between_orders,
        figures.next_expected_order_date,
        figures.lifetime_revenue,
        figures.referral_count,
        figures.referred_revenue,
    ) == (JAN_1, date(2024, 1, 31), 3, 15.0, date(2024, 2, 15), 600.0, 1, 100.0)


def test_figures_without_purchases():
    figures = customer_figures(CustomerFacts(9), None, None)
    assert (figures.order_count, figures.avg_days_between_orders) == (0, 0.0)
    assert figures.first_order_date is figures.next_expected_order_date is None
