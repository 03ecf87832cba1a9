# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Days of a time zone, in the UTC datetimes Odoo stores (pure Python).

Odoo stores datetimes (an order's ``date_order``, a lead's ``create_date``) as
naive UTC. A company's day starts at midnight in the company's time zone, as
mis_builder's ``_utc_midnight`` cuts periods: an order placed on 31 January at
23:30 UTC is a February order in Brussels (00:30 on 1 February) and a January
order in New York (18:30). Unset, the zone is UTC.

>>> from datetime import date, datetime
>>> utc_midnight(date(2025, 2, 1), "Europe/Brussels")
datetime.datetime(2025, 1, 31, 23, 0)
>>> utc_bounds(date(2025, 1, 1), date(2025, 1, 31), "America/New_York")
(datetime.datetime(2025, 1, 1, 5, 0), datetime.datetime(2025, 2, 1, 5, 0))
>>> local_date(datetime(2025, 1, 31, 23, 30), "Europe/Brussels")
datetime.date(2025, 2, 1)
"""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

DEFAULT_TZ = "UTC"


def _zone(tz_name):
    return ZoneInfo(tz_name or DEFAULT_TZ)


def utc_midnight(day, tz_name):
    """The naive UTC datetime at which ``day`` starts in the zone ``tz_name``.

    DST-safe: the offset is the one in force at that midnight. Where clocks
    skip midnight (a change of time at 00:00), the day starts at the first
    instant it has.

    >>> from datetime import date
    >>> utc_midnight(date(2024, 3, 31), "Europe/Brussels")  # still winter time
    datetime.datetime(2024, 3, 30, 23, 0)
    >>> utc_midnight(date(2024, 4, 1), "Europe/Brussels")  # summer time
    datetime.datetime(2024, 3, 31, 22, 0)
    >>> utc_midnight(date(2024, 4, 1), None)
    datetime.datetime(2024, 4, 1, 0, 0)
    """
    local = datetime.combine(day, time.min, tzinfo=_zone(tz_name))
    return local.astimezone(UTC).replace(tzinfo=None)


def utc_bounds(date_from, date_to, tz_name):
    """The half-open UTC interval ``[start, end)`` of the days ``date_from`` to
    ``date_to`` (both included) in the zone ``tz_name``: filter a UTC datetime
    column with ``column >= start AND column < end``."""
    return (
        utc_midnight(date_from, tz_name),
        utc_midnight(date_to + timedelta(days=1), tz_name),
    )


def local_date(utc_datetime, tz_name):
    """The day, in the zone ``tz_name``, of the naive UTC datetime
    ``utc_datetime``: e.g. a company's today is
    ``local_date(fields.Datetime.now(), tz)``."""
    return utc_datetime.replace(tzinfo=UTC).astimezone(_zone(tz_name)).date()
