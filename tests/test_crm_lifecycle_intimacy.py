import doctest
from datetime import date

import pytest

from crm_lifecycle.engine import intimacy


def test_doctests():
    assert not doctest.testmod(intimacy).failed


@pytest.mark.parametrize(
    ("birthday", "today", "expected"),
    [
        (date(1980, 5, 10), date(2026, 5, 3), date(2026, 5, 10)),  # 7 days ahead
        (date(1980, 5, 10), date(2026, 5, 2), None),  # 8 days ahead
        (date(1980, 5, 10), date(2026, 5, 10), date(2026, 5, 10)),  # today
        (date(1980, 5, 10), date(2026, 5, 11), None),  # passed: next year
        (date(1980, 1, 2), date(2026, 12, 28), date(2027, 1, 2)),  # over new year
        (date(1992, 2, 29), date(2026, 2, 21), date(2026, 2, 28)),  # common year
        (date(1992, 2, 29), date(2028, 2, 22), date(2028, 2, 29)),  # leap year
        (None, date(2026, 1, 1), None),
    ],
)
def test_birthday_reminder_date(birthday, today, expected):
    assert intimacy.birthday_reminder_date(birthday, today) == expected


def test_reorder_due():
    today = date(2026, 6, 1)
    assert intimacy.reorder_due(date(2026, 6, 8), today)  # 7 days ahead
    assert not intimacy.reorder_due(date(2026, 6, 9), today)  # 8 days ahead
    assert intimacy.reorder_due(date(2026, 5, 1), today)  # passed
    assert not intimacy.reorder_due(None, today)


@pytest.mark.parametrize(
    ("churned_on", "delay", "today", "expected"),
    [
        (date(2026, 6, 1), 0, date(2026, 6, 1), date(2026, 6, 1)),  # churned today
        (date(2026, 6, 1), 14, date(2026, 6, 8), date(2026, 6, 15)),  # 7 days ahead
        (date(2026, 6, 1), 14, date(2026, 6, 7), None),  # 8 days ahead
        (date(2026, 6, 1), 0, date(2026, 6, 8), date(2026, 6, 1)),  # 7 days past
        (date(2026, 6, 1), 0, date(2026, 6, 9), None),  # 8 days past: too old
        (date(2025, 1, 10), 0, date(2026, 6, 1), None),  # churned long ago
        (None, 0, date(2026, 6, 1), None),
    ],
)
def test_winback_reminder_date(churned_on, delay, today, expected):
    assert intimacy.winback_reminder_date(churned_on, delay, today) == expected
