# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Days of a time zone in UTC (no Odoo needed): day boundaries and DST."""

import doctest
from datetime import date, datetime

import pytest

from crm_lifecycle.engine import days
from crm_lifecycle.engine.days import (
    local_date,
    utc_bounds,
    utc_midnight,
)


def test_doctests():
    assert not doctest.testmod(days).failed


@pytest.mark.parametrize(
    "day, tz_name, expected",
    [
        # UTC and unset are the same
        (date(2025, 3, 1), "UTC", datetime(2025, 3, 1)),
        (date(2025, 3, 1), None, datetime(2025, 3, 1)),
        (date(2025, 3, 1), False, datetime(2025, 3, 1)),
        # Brussels: UTC+1 in winter, UTC+2 in summer
        (date(2025, 3, 1), "Europe/Brussels", datetime(2025, 2, 28, 23)),
        (date(2025, 7, 1), "Europe/Brussels", datetime(2025, 6, 30, 22)),
        # New York: UTC-5 in winter, UTC-4 in summer
        (date(2025, 3, 1), "America/New_York", datetime(2025, 3, 1, 5)),
        (date(2025, 7, 1), "America/New_York", datetime(2025, 7, 1, 4)),
        # half-hour and far-east zones
        (date(2025, 1, 1), "Asia/Kolkata", datetime(2024, 12, 31, 18, 30)),
        (date(2025, 1, 1), "Pacific/Kiritimati", datetime(2024, 12, 31, 10)),
        # Santiago skips from 24:00 to 01:00 (UTC-4 to UTC-3) on 8 Sep 2024:
        # that day starts at 01:00 local, 04:00 UTC
        (date(2024, 9, 8), "America/Santiago", datetime(2024, 9, 8, 4)),
        (date(2024, 9, 9), "America/Santiago", datetime(2024, 9, 9, 3)),
    ],
)
def test_utc_midnight(day, tz_name, expected):
    assert utc_midnight(day, tz_name) == expected


def test_day_of_the_dst_change_has_23_or_25_hours():
    # Brussels: 31 March 2024 (02:00 -> 03:00) and 27 October 2024 (03:00 -> 02:00)
    start, end = utc_bounds(date(2024, 3, 31), date(2024, 3, 31), "Europe/Brussels")
    assert (start, end) == (datetime(2024, 3, 30, 23), datetime(2024, 3, 31, 22))
    assert (end - start).total_seconds() == 23 * 3600
    start, end = utc_bounds(date(2024, 10, 27), date(2024, 10, 27), "Europe/Brussels")
    assert (start, end) == (datetime(2024, 10, 26, 22), datetime(2024, 10, 27, 23))
    assert (end - start).total_seconds() == 25 * 3600


def test_month_across_a_dst_change():
    # March 2024 in Brussels: starts in winter time, ends in summer time
    assert utc_bounds(date(2024, 3, 1), date(2024, 3, 31), "Europe/Brussels") == (
        datetime(2024, 2, 29, 23),
        datetime(2024, 3, 31, 22),
    )
    # November 2024 in New York: starts in summer time, ends in winter time
    assert utc_bounds(date(2024, 11, 1), date(2024, 11, 30), "America/New_York") == (
        datetime(2024, 11, 1, 4),
        datetime(2024, 12, 1, 5),
    )


@pytest.mark.parametrize(
    "moment, tz_name, expected",
    [
        # 23:30 UTC on the last day of January: 00:30 on 1 February in Brussels
        (datetime(2025, 1, 31, 23, 30), "Europe/Brussels", date(2025, 2, 1)),
        (datetime(2025, 1, 31, 22, 59, 59), "Europe/Brussels", date(2025, 1, 31)),
        (datetime(2025, 1, 31, 23, 30), "UTC", date(2025, 1, 31)),
        # 02:00 UTC on 1 March: 21:00 on 28 February in New York
        (datetime(2025, 3, 1, 2), "America/New_York", date(2025, 2, 28)),
        (datetime(2025, 3, 1, 5), "America/New_York", date(2025, 3, 1)),
        (datetime(2025, 3, 1, 2), None, date(2025, 3, 1)),
    ],
)
def test_local_date(moment, tz_name, expected):
    assert local_date(moment, tz_name) == expected
