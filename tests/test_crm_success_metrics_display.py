# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import doctest
from datetime import date

import pytest

from crm_success_metrics.engine import display


def test_doctests():
    assert not doctest.testmod(display).failed


@pytest.mark.parametrize(
    "progress, shown, band",
    [
        # The cards: 1k %, 2k %, −358 %, −3k % become readable bounds.
        (1000.0, 200.0, "beyond_target"),
        (2244.0, 200.0, "beyond_target"),
        (-358.0, -100.0, "worse_than_baseline"),
        (-3000.0, -100.0, "worse_than_baseline"),
        # Inside the bounds the number is kept as it is.
        (-40.0, -40.0, "worse_than_baseline"),
        (0.0, 0.0, "toward_target"),
        (99.9, 99.9, "toward_target"),
        (100.0, 100.0, "target_reached"),
        (100.1, 100.1, "beyond_target"),
        (200.0, 200.0, "beyond_target"),
        # Unknown progress (no data, baseline equal to target) shows nothing.
        (None, None, None),
        (float("inf"), None, None),
    ],
)
def test_bounded_progress(progress, shown, band):
    assert display.bounded_progress(progress) == (shown, band)


@pytest.mark.parametrize(
    "progress, text",
    [
        (2244.0, "200 %+"),
        (200.0, "200 %"),
        (150.4, "150 %"),
        (-100.0, "−100 %"),
        (-358.0, "−100 %−"),
        (-12.6, "−13 %"),
        (None, ""),
    ],
)
def test_progress_text(progress, text):
    assert display.progress_text(progress) == text


@pytest.mark.parametrize(
    "seconds, text",
    [
        (300.0, "5 min"),  # the "300.00" seconds of waiting
        (45.0, "45 s"),
        (95.0, "1 min 35 s"),
        (3600.0, "1 h"),
        (5400.0, "1 h 30 min"),
        (5430.0, "1 h 30 min"),  # 30 s dropped: two units at most
        (2 * 86400 + 3 * 3600, "2 d 3 h"),
        (0.0, "0 s"),
        (-90.0, "−1 min 30 s"),  # a change against the baseline
        (None, ""),
    ],
)
def test_duration_text(seconds, text):
    assert display.duration_text(seconds) == text


def test_count_decimals():
    # 12 customers; a yearly baseline of 33.6 scaled to a month is 2.8.
    assert display.count_decimals(12.0) == 0
    assert display.count_decimals(2.8) == 1
    assert display.count_decimals(33.6) == 1
    assert display.count_decimals(-3.0) == 0


@pytest.mark.parametrize(
    "date_from, date_to, period_type, expected",
    [
        (
            date(2026, 11, 1),
            date(2026, 11, 30),
            "month",
            [(date(2026, 11, 1), "MMMM y")],
        ),
        (date(2026, 7, 1), date(2026, 9, 30), "quarter", [(date(2026, 7, 1), "QQQ y")]),
        (date(2026, 1, 1), date(2026, 12, 31), "year", [(date(2026, 1, 1), "y")]),
        # A custom period, or a "month" that is not a calendar month, names both days.
        (
            date(2026, 11, 3),
            date(2026, 12, 2),
            "custom",
            [(date(2026, 11, 3), "d MMM y"), (date(2026, 12, 2), "d MMM y")],
        ),
        (
            date(2026, 2, 1),
            date(2026, 2, 27),
            "month",
            [(date(2026, 2, 1), "d MMM y"), (date(2026, 2, 27), "d MMM y")],
        ),
    ],
)
def test_period_patterns(date_from, date_to, period_type, expected):
    assert display.period_patterns(date_from, date_to, period_type) == expected
