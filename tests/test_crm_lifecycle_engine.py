# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Table tests of the lifecycle rules engine (no Odoo needed)."""

import doctest
import random
from datetime import date, timedelta

import pytest

from crm_lifecycle.engine import lifecycle
from crm_lifecycle.engine.lifecycle import (
    Thresholds,
    last_transition,
    replay,
    stage_at,
)

START = date(2024, 1, 1)
DEFAULT = lifecycle.DEFAULT_THRESHOLDS


def d(days):
    """Day number `days` after 2024-01-01."""
    return START + timedelta(days=days)


# (purchase day numbers, as-of day number, advocacy day, prospect, expected)
STAGE_CASES = [
    # rule 7: nothing bought
    ([], 0, None, False, None),
    ([], 0, None, True, "prospect"),
    ([10], 5, None, True, "prospect"),  # a purchase after D does not count
    # rule 6: one purchase; at risk only once the gap exceeds 90 days
    ([0], 0, None, False, "new"),
    ([0], 90, None, False, "new"),  # gap 90 is not > 90
    ([0], 91, None, False, "at_risk"),  # gap 91 > max(90, no avg)
    # rule 1: churned once the gap exceeds 365 days
    ([0], 365, None, False, "at_risk"),  # gap 365 is not > 365
    ([0], 366, None, False, "churned"),
    # rule 5 and the average-based at-risk threshold
    ([0, 100], 250, None, False, "repeat"),  # avg 100: 1.5 * 100 = 150, gap 150
    ([0, 100], 251, None, False, "at_risk"),  # gap 151 > 150
    ([0, 61], 61 + 91, None, False, "repeat"),  # 1.5 * 61 = 91.5 >= gap 91
    ([0, 61], 61 + 92, None, False, "at_risk"),  # gap 92 > 91.5
    ([0, 0], 10, None, False, "repeat"),  # two orders the same day: n = 2
    ([0, 0], 91, None, False, "at_risk"),  # avg 0: threshold stays 90
    # rule 4: 4 purchases within the 365 days before D
    ([0, 30, 60, 90], 90, None, False, "loyal"),
    ([0, 100, 200, 300], 365, None, False, "loyal"),  # d0 exactly 365 days ago
    ([0, 100, 200, 300], 366, None, False, "repeat"),  # d0 left the window: 3
    # rule 3: the same with advocacy evidence (a referral who bought) by D
    ([0, 30, 60, 90], 90, 50, False, "advocate"),
    ([0, 30, 60, 90], 90, 90, False, "advocate"),  # referral bought on D
    ([0, 30, 60, 90], 90, 95, False, "loyal"),  # referral buys after D
    ([0, 30], 40, 35, False, "repeat"),  # referral alone is not enough
    # rule order: at risk wins over loyal (4 orders in window, gap 91 > 90)
    ([0, 1, 2, 3], 94, None, False, "at_risk"),
    ([0, 1, 2, 3], 93, 1, False, "advocate"),  # gap 90, not at risk yet
    # a prospect that bought is no longer a prospect
    ([0], 1, None, True, "new"),
]


@pytest.mark.parametrize(
    ("days", "as_of", "advocacy", "prospect", "expected"), STAGE_CASES
)
def test_stage_at(days, as_of, advocacy, prospect, expected):
    advocacy_date = d(advocacy) if advocacy is not None else None
    dates = [d(day) for day in days]
    assert (
        stage_at(dates, d(as_of), advocacy_date=advocacy_date, is_prospect=prospect)
        == expected
    )


CUSTOM = Thresholds(
    churn_days=30,
    at_risk_min_days=10,
    at_risk_factor=2,
    loyal_min_orders=2,
    loyal_window_days=5,
)

CUSTOM_CASES = [
    ([0], 10, "new"),  # gap 10 is not > 10
    ([0], 11, "at_risk"),
    ([0], 31, "churned"),  # gap 31 > 30
    ([0, 4], 4, "loyal"),  # 2 purchases within 5 days
    ([0, 5], 5, "loyal"),  # d0 exactly 5 days before D
    ([0, 6], 6, "repeat"),  # d0 6 days before D: out of the window
    ([0, 6], 18, "repeat"),  # avg 6: threshold max(10, 2 * 6 = 12), gap 12
    ([0, 6], 19, "at_risk"),  # gap 13 > 12
]


@pytest.mark.parametrize(("days", "as_of", "expected"), CUSTOM_CASES)
def test_stage_at_custom_thresholds(days, as_of, expected):
    assert stage_at([d(day) for day in days], d(as_of), CUSTOM) == expected


def _replay(days, until, advocacy=None, prospect=None):
    transitions = replay(
        [d(day) for day in days],
        d(until),
        advocacy_date=d(advocacy) if advocacy is not None else None,
        prospect_since=d(prospect) if prospect is not None else None,
    )
    return [((t.date - START).days, t.stage, t.cause) for t in transitions]


def test_replay_single_purchase_goes_at_risk_then_churned():
    # 0 + 91 = 91: gap > 90; 0 + 366 = 366: gap > 365
    assert _replay([0], 400) == [
        (0, "new", "purchase"),
        (91, "at_risk", "inactivity"),
        (366, "churned", "inactivity"),
    ]


def test_replay_stops_at_until():
    assert _replay([0], 91) == [(0, "new", "purchase"), (91, "at_risk", "inactivity")]
    assert _replay([0], 90) == [(0, "new", "purchase")]


def test_replay_purchase_brings_back_an_at_risk_customer():
    assert _replay([0, 100], 100) == [
        (0, "new", "purchase"),
        (91, "at_risk", "inactivity"),
        (100, "repeat", "purchase"),
    ]


def test_replay_loyal_then_advocate_on_referral_purchase():
    # 4th purchase on day 90 -> loyal; the referred customer buys on day 120
    assert _replay([0, 30, 60, 90], 130, advocacy=120) == [
        (0, "new", "purchase"),
        (30, "repeat", "purchase"),
        (90, "loyal", "purchase"),
        (120, "advocate", "referral"),
    ]


def test_replay_window_exit_and_average_threshold():
    # days 0-30: loyal on the 4th purchase; avg 10 -> threshold 90 -> at risk
    # on day 30 + 91 = 121. Purchase on day 300: 5 purchases in the window ->
    # loyal. Day 10 leaves the window on 10 + 366 = 376 -> 3 left -> repeat.
    # avg now 300 / 4 = 75 -> threshold 1.5 * 75 = 112.5 -> at risk on
    # 300 + 113 = 413 (before that day 0 left on 366: still 4 in the window).
    assert _replay([0, 10, 20, 30, 300], 420) == [
        (0, "new", "purchase"),
        (10, "repeat", "purchase"),
        (30, "loyal", "purchase"),
        (121, "at_risk", "inactivity"),
        (300, "loyal", "purchase"),
        (376, "repeat", "inactivity"),
        (413, "at_risk", "inactivity"),
    ]


def test_replay_prospect_first():
    assert _replay([0], 10, prospect=-20) == [
        (-20, "prospect", "lead"),
        (0, "new", "purchase"),
    ]
    assert _replay([], 10, prospect=-20) == [(-20, "prospect", "lead")]
    assert _replay([], 10, prospect=20) == []  # prospect only after until
    assert _replay([0], 10, prospect=0) == [(0, "new", "purchase")]


def test_replay_without_anything():
    assert replay([], d(10)) == []


@pytest.mark.parametrize("thresholds", [DEFAULT, CUSTOM])
def test_replay_ends_on_stage_at_and_last_transition_agrees(thresholds):
    rng = random.Random(42)
    for _ in range(2000):
        days = sorted(rng.randint(0, 900) for _ in range(rng.randint(1, 30)))
        advocacy = rng.choice([None, rng.randint(-100, 900)])
        prospect = rng.choice([None, rng.randint(-100, 900)])
        until = rng.randint(0, 1000)
        dates = [d(day) for day in days]
        advocacy_date = d(advocacy) if advocacy is not None else None
        prospect_since = d(prospect) if prospect is not None else None
        facts = (dates, d(until), thresholds, advocacy_date)
        transitions = replay(*facts, prospect_since)
        is_prospect = prospect_since is not None and prospect_since <= d(until)
        expected = stage_at(*facts, is_prospect)
        assert (transitions[-1].stage if transitions else None) == expected
        last = last_transition(*facts, prospect_since)
        assert last == (transitions[-1] if transitions else None)
        for before, after in zip(transitions, transitions[1:], strict=False):
            assert before.stage != after.stage
            assert before.date < after.date


@pytest.mark.parametrize("thresholds", [DEFAULT, CUSTOM])
def test_replay_finds_the_changes_of_a_day_by_day_walk(thresholds):
    """The transitions are exactly the days on which ``stage_at`` changes,
    walking every day (purchases up to many a day, as heavy buyers have)."""
    rng = random.Random(7)
    for _ in range(300):
        days = sorted(rng.randint(0, 700) for _ in range(rng.choice([1, 5, 40, 120])))
        advocacy = rng.choice([None, rng.randint(-50, 700)])
        prospect = rng.choice([None, rng.randint(-50, 700)])
        until = rng.randint(0, 800)
        dates = [d(day) for day in days]
        advocacy_date = d(advocacy) if advocacy is not None else None
        prospect_since = d(prospect) if prospect is not None else None
        walked, current = [], None
        for day in range(-60, until + 1):
            is_prospect = prospect is not None and prospect <= day
            stage = stage_at(dates, d(day), thresholds, advocacy_date, is_prospect)
            if stage != current:
                walked.append((d(day), stage))
                current = stage
        facts = (dates, d(until), thresholds, advocacy_date, prospect_since)
        transitions = replay(*facts)
        assert [(t.date, t.stage) for t in transitions] == walked
        assert last_transition(*facts) == (transitions[-1] if transitions else None)


def test_replay_far_apart_purchases_with_the_largest_factor():
    """A century between two purchases times an at-risk factor of 100 (the
    largest setting) would be a date past year 9999: the churn day comes
    first anyway."""
    dates = [date(1925, 1, 1), date(2025, 1, 1)]
    thresholds = Thresholds(at_risk_factor=100.0, churn_days=3660)
    transitions = replay(dates, date(2040, 1, 1), thresholds)
    # at risk after 90 days; churned 3,661 days after a purchase (10 years
    # and 9 days, two leap years in each decade); after the second purchase
    # the usual gap (36,525 days) times 100 exceeds the churn days
    assert [(t.date, t.stage) for t in transitions] == [
        (date(1925, 1, 1), "new"),
        (date(1925, 4, 2), "at_risk"),
        (date(1935, 1, 10), "churned"),
        (date(2025, 1, 1), "repeat"),
        (date(2035, 1, 10), "churned"),
    ]
    assert last_transition(dates, date(2040, 1, 1), thresholds) == transitions[-1]


def test_doctests():
    assert not doctest.testmod(lifecycle).failed
