# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import doctest

import pytest

from crm_success_metrics.engine import noise
from crm_success_metrics.engine.noise import TrendMark


def test_doctests():
    assert not doctest.testmod(noise).failed


@pytest.mark.parametrize(
    "status, tested, significant, expected",
    [
        # 5 orders in March against 6.2 expected from the baseline: p = 0.64,
        # a miss the test calls chance → off track, within normal variation
        ("off_track", True, False, ("off_track", noise.WITHIN_NORMAL_VARIATION)),
        # 45 / 100 against 30 / 100: p = 0.0285 < 0.05 → a clear win
        ("achieved", True, True, ("achieved", None)),
        ("achieved", True, False, ("achieved", noise.WITHIN_NORMAL_VARIATION)),
        ("at_risk", True, False, ("at_risk", noise.WITHIN_NORMAL_VARIATION)),
        ("on_track", True, False, ("on_track", noise.WITHIN_NORMAL_VARIATION)),
        # an average (revenue per order) has no test: its status stands
        ("achieved", False, False, ("achieved", None)),
        ("off_track", False, False, ("off_track", None)),
        # nothing measured: nothing to qualify
        ("no_data", True, False, ("no_data", None)),
        ("error", True, False, ("error", None)),
    ],
)
def test_headline_status(status, tested, significant, expected):
    assert noise.headline_status(status, tested, significant) == expected


def test_trend_marks_of_a_kpi_that_should_rise():
    # six months of new customers: only the last three moves are marked,
    # 9 → 11 up (good), 11 → 11 flat, 11 → 8 down (bad)
    marks = noise.trend_marks([4.0, 6.0, 9.0, 11.0, 11.0, 8.0], "up")
    assert marks == [
        TrendMark("up", "good"),
        TrendMark("flat", "neutral"),
        TrendMark("down", "bad"),
    ]
    assert [mark.symbol for mark in marks] == ["▲", "=", "▼"]


def test_trend_marks_of_a_kpi_that_should_fall():
    # waits in seconds: 300 → 240 down is good, 240 → 360 up is bad,
    # 360 → 361: 1 s is 0.28 % of 360, under the 0.5 % flat share
    assert noise.trend_marks([300.0, 240.0, 360.0, 361.0], "down") == [
        TrendMark("down", "good"),
        TrendMark("up", "bad"),
        TrendMark("flat", "neutral"),
    ]


def test_trend_marks_say_nothing_around_a_missing_period():
    # February had no data: neither February nor March can be compared
    assert noise.trend_marks([10.0, None, 12.0, 13.0], "up") == [
        None,
        None,
        TrendMark("up", "good"),
    ]


def test_trend_marks_of_a_short_history():
    assert noise.trend_marks([10.0, 8.0], "up") == [TrendMark("down", "bad")]
    assert noise.trend_marks([10.0], "up") == []
    assert noise.trend_marks([], "up") == []


def test_flat_is_relative_to_the_previous_value():
    # from zero any change counts; 0.5 % of 1000 is 5
    assert noise.move_between(0.0, 0.01) == "up"
    assert noise.move_between(1000.0, 1005.0) == "flat"
    assert noise.move_between(1000.0, 1005.1) == "up"
