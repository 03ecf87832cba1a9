# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Period arithmetic of scorecards (pure Python, no Odoo).

All periods are closed intervals of ``datetime.date``: both bounds included.

>>> from datetime import date
>>> period_bounds(date(2024, 5, 17), "quarter")
(datetime.date(2024, 4, 1), datetime.date(2024, 6, 30))
>>> previous_period(date(2024, 1, 10), "month")
(datetime.date(2023, 12, 1), datetime.date(2023, 12, 31))
>>> shift_year_back(date(2024, 2, 29))
datetime.date(2023, 2, 28)
>>> days_between(date(2024, 1, 1), date(2024, 12, 31))
366
"""

from datetime import date, timedelta

PERIOD_TYPES = ("month", "quarter", "year")


def period_bounds(day, period_type):
    """First and last day of the month, quarter or year containing ``day``."""
    if period_type == "month":
        first = day.replace(day=1)
        months = 1
    elif period_type == "quarter":
        first = date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)
        months = 3
    elif period_type == "year":
        first = date(day.year, 1, 1)
        months = 12
    else:
        raise ValueError(f"unknown period type {period_type!r}")
    return first, add_months(first, months) - timedelta(days=1)


def add_months(day, months):
    """``day`` (the first of a month) moved by a number of months."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def previous_period(day, period_type):
    """The last closed period of that type before the one containing ``day``."""
    first, _last = period_bounds(day, period_type)
    return period_bounds(first - timedelta(days=1), period_type)


def period_run(date_from, date_to, period_type, count):
    """The ``count`` periods of ``period_type`` ending with the period
    [date_from, date_to], oldest first; that period alone when it is not a
    calendar month, quarter or year (a custom period has no predecessor).

    >>> period_run(date(2026, 1, 1), date(2026, 1, 31), "month", 3)[0]
    (datetime.date(2025, 11, 1), datetime.date(2025, 11, 30))
    >>> period_run(date(2026, 1, 5), date(2026, 1, 31), "month", 3)
    [(datetime.date(2026, 1, 5), datetime.date(2026, 1, 31))]
    """
    if period_type not in PERIOD_TYPES or period_bounds(date_from, period_type) != (
        date_from,
        date_to,
    ):
        return [(date_from, date_to)]
    run = [(date_from, date_to)]
    while len(run) < count:
        run.append(previous_period(run[-1][0], period_type))
    return run[::-1]


def shift_year_back(day):
    """The same day one year earlier; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


def same_period_last_year(date_from, date_to, period_type):
    """The period a year before [date_from, date_to]: the same calendar month,
    quarter or year (February keeps its last day), else both days shifted.

    >>> same_period_last_year(date(2025, 2, 1), date(2025, 2, 28), "month")
    (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29))
    >>> same_period_last_year(date(2025, 2, 3), date(2025, 3, 2), "custom")
    (datetime.date(2024, 2, 3), datetime.date(2024, 3, 2))
    """
    if period_type in PERIOD_TYPES and period_bounds(date_from, period_type) == (
        date_from,
        date_to,
    ):
        return period_bounds(shift_year_back(date_from), period_type)
    return shift_year_back(date_from), shift_year_back(date_to)


def days_between(date_from, date_to):
    """Number of days of the closed interval [date_from, date_to].

    >>> days_between(date(2024, 3, 1), date(2024, 3, 1))
    1
    """
    return (date_to - date_from).days + 1


def scale_flow(value, period_days, baseline_days):
    """A flow measured over ``baseline_days`` scaled to a ``period_days`` period.

    >>> scale_flow(365.0, 31, 365)
    31.0
    """
    if value is None or not baseline_days:
        return value
    return value * period_days / baseline_days


def expected_progress(go_live, target_date, at_day):
    """Share (0-100) of the time from go-live to the target date elapsed at ``at_day``.

    >>> expected_progress(date(2024, 1, 1), date(2025, 1, 1), date(2024, 7, 2))
    50.0
    """
    total = (target_date - go_live).days
    if total <= 0:
        return 100.0 if at_day >= target_date else 0.0
    elapsed = (at_day - go_live).days
    return max(0.0, min(100.0, elapsed * 100.0 / total))
