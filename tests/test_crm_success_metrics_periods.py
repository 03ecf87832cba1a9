# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import doctest
from datetime import date

import pytest

from crm_success_metrics.engine import periods, stats, status


@pytest.mark.parametrize("module", [periods, status, stats])
def test_doctests(module):
    assert not doctest.testmod(module).failed


@pytest.mark.parametrize(
    "day, period_type, expected",
    [
        (date(2024, 2, 10), "month", (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2023, 2, 10), "month", (date(2023, 2, 1), date(2023, 2, 28))),
        (date(2024, 12, 31), "month", (date(2024, 12, 1), date(2024, 12, 31))),
        (date(2024, 1, 1), "quarter", (date(2024, 1, 1), date(2024, 3, 31))),
        (date(2024, 11, 15), "quarter", (date(2024, 10, 1), date(2024, 12, 31))),
        (date(2024, 7, 4), "year", (date(2024, 1, 1), date(2024, 12, 31))),
    ],
)
def test_period_bounds(day, period_type, expected):
    assert periods.period_bounds(day, period_type) == expected


def test_period_bounds_rejects_unknown_type():
    with pytest.raises(ValueError):
        periods.period_bounds(date(2024, 1, 1), "week")


@pytest.mark.parametrize(
    "day, period_type, expected",
    [
        (date(2024, 1, 15), "month", (date(2023, 12, 1), date(2023, 12, 31))),
        (date(2024, 3, 1), "month", (date(2024, 2, 1), date(2024, 2, 29))),
        (date(2024, 2, 20), "quarter", (date(2023, 10, 1), date(2023, 12, 31))),
        (date(2024, 6, 30), "quarter", (date(2024, 1, 1), date(2024, 3, 31))),
        (date(2024, 6, 30), "year", (date(2023, 1, 1), date(2023, 12, 31))),
    ],
)
def test_previous_period(day, period_type, expected):
    assert periods.previous_period(day, period_type) == expected


def test_shift_year_back_is_leap_day_safe():
    assert periods.shift_year_back(date(2024, 2, 29)) == date(2023, 2, 28)
    assert periods.shift_year_back(date(2024, 3, 31)) == date(2023, 3, 31)
    assert periods.shift_year_back(date(2025, 2, 28)) == date(2024, 2, 28)


def test_days_between_is_inclusive():
    assert periods.days_between(date(2024, 2, 1), date(2024, 2, 29)) == 29
    assert periods.days_between(date(2023, 1, 1), date(2023, 12, 31)) == 365
    assert periods.days_between(date(2024, 5, 5), date(2024, 5, 5)) == 1


def test_scale_flow():
    # 1,200 orders over a 365-day baseline → per 30-day month: 1200 × 30 / 365
    assert periods.scale_flow(1200.0, 30, 365) == pytest.approx(98.6301, abs=1e-4)
    # 90 over a 90-day quarter, scaled to one 31-day month: 31
    assert periods.scale_flow(90.0, 31, 90) == pytest.approx(31.0)
    assert periods.scale_flow(None, 31, 90) is None


def test_expected_progress():
    go_live, target = date(2024, 1, 1), date(2024, 11, 6)  # 310 days apart
    # 31 of 310 days elapsed at 1 Feb → 10 %
    assert periods.expected_progress(go_live, target, date(2024, 2, 1)) == 10.0
    # before go-live: clamped to 0; after the target date: clamped to 100
    assert periods.expected_progress(go_live, target, date(2023, 6, 1)) == 0.0
    assert periods.expected_progress(go_live, target, date(2025, 6, 1)) == 100.0
    # go-live on the target date: all or nothing
    assert periods.expected_progress(target, target, date(2024, 11, 6)) == 100.0
    assert periods.expected_progress(target, target, date(2024, 11, 5)) == 0.0


def test_period_run_of_twelve_months_crosses_the_year():
    run = periods.period_run(date(2026, 2, 1), date(2026, 2, 28), "month", 12)
    assert len(run) == 12
    assert run[0] == (date(2025, 3, 1), date(2025, 3, 31))
    assert run[-2] == (date(2026, 1, 1), date(2026, 1, 31))
    assert run[-1] == (date(2026, 2, 1), date(2026, 2, 28))


def test_period_run_of_quarters_and_of_a_custom_period():
    assert periods.period_run(date(2026, 1, 1), date(2026, 3, 31), "quarter", 3) == [
        (date(2025, 7, 1), date(2025, 9, 30)),
        (date(2025, 10, 1), date(2025, 12, 31)),
        (date(2026, 1, 1), date(2026, 3, 31)),
    ]
    # a "month" that is not a calendar month has no predecessor
    assert periods.period_run(date(2026, 1, 5), date(2026, 2, 4), "month", 3) == [
        (date(2026, 1, 5), date(2026, 2, 4))
    ]


def test_same_period_last_year():
    # February 2025 (28 days) a year back is February 2024 with its 29th
    assert periods.same_period_last_year(
        date(2025, 2, 1), date(2025, 2, 28), "month"
    ) == (date(2024, 2, 1), date(2024, 2, 29))
    assert periods.same_period_last_year(
        date(2026, 7, 1), date(2026, 9, 30), "quarter"
    ) == (date(2025, 7, 1), date(2025, 9, 30))
    assert periods.same_period_last_year(
        date(2024, 2, 29), date(2024, 3, 10), "custom"
    ) == (date(2023, 2, 28), date(2023, 3, 10))
