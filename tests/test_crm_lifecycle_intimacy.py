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
