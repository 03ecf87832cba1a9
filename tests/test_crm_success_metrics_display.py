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


NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    "unit, value, symbol, before, expected",
    [
        # The company currency's symbol on its side, two decimals.
        ("currency", 35175.5, "$", True, (35175.5, f'"$"{NBSP}#,##0.00')),
        ("currency", 1234.5, "€", False, (1234.5, f'#,##0.00{NBSP}"€"')),
        # A quote in a symbol cannot end the literal early.
        ("currency", 1.0, 'X"Y', True, (1.0, f'"XY"{NBSP}#,##0.00')),
        # Percentages are stored as 12.3 (not 0.123): a literal " %".
        ("percent", 12.345, "", True, (12.345, '0.0" %"')),
        # Whole counts without decimals; scaled targets (2.76 a month) with one.
        ("count", 1200.0, "", True, (1200.0, "#,##0")),
        ("count", 2.76, "", True, (2.76, "#,##0.0")),
        # 300 s = 5 min = 300 / 86400 of a day under a time format.
        ("seconds", 300.0, "", True, (300.0 / 86400.0, "[h]:mm:ss")),
        # 36 h = 1.5 days, shown 36:00.
        ("hours", 36.0, "", True, (1.5, "[h]:mm")),
        # A negative duration (a change) would show #####: text instead.
        ("seconds", -90.0, "", True, ("−1 min 30 s", None)),
        ("score", 42.0, "", True, (42.0, "#,##0.0")),
        # No value: nothing to write, never 0.
        ("currency", None, "$", True, (None, None)),
        ("count", float("nan"), "", True, (None, None)),
    ],
)
def test_spreadsheet_cell(unit, value, symbol, before, expected):
    assert (
        display.spreadsheet_cell(unit, value, symbol=symbol, symbol_before=before)
        == expected
    )


def test_spreadsheet_days_word():
    assert display.spreadsheet_cell("days", 10.5, days_word="jours") == (
        10.5,
        '#,##0.0" jours"',
    )


@pytest.mark.parametrize(
    "date_from, date_to, months",
    [
        (date(2025, 1, 1), date(2025, 12, 31), 12),
        (date(2025, 6, 1), date(2026, 5, 31), 12),
        (date(2025, 3, 15), date(2025, 4, 14), 1),
        (date(2025, 1, 1), date(2025, 12, 30), None),
        (date(2025, 1, 1), date(2025, 1, 20), None),
    ],
)
def test_whole_months(date_from, date_to, months):
    assert display.whole_months(date_from, date_to) == months


@pytest.mark.parametrize(
    "progress, key",
    [
        (2244.0, "beyond_target"),
        (100.5, "beyond_target"),
        (100.0, None),
        (80.0, None),
        (0.0, None),
        (-0.1, "worse_than_baseline"),
        (None, None),
    ],
)
def test_progress_wording_key(progress, key):
    assert display.progress_wording_key(progress) == key
