# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Small helpers shared by the evidence KPI handlers (no ORM)."""

from datetime import date, datetime, time, timedelta


def period_bounds(date_from, date_to):
    """Datetimes [start, end) covering the calendar days date_from..date_to (UTC)."""
    return (
        datetime.combine(_as_date(date_from), time.min),
        datetime.combine(_as_date(date_to) + timedelta(days=1), time.min),
    )


def ratio(numerator, denominator, factor=1.0):
    """A KPI result: numerator / denominator x factor; no value when the
    denominator is zero (nothing to measure)."""
    numerator = numerator or 0
    denominator = denominator or 0
    value = numerator / denominator * factor if denominator else None
    return {"value": value, "numerator": numerator, "denominator": denominator}


def amount(value):
    """A KPI result for a flow or stock measured directly."""
    return {"value": value or 0, "numerator": value or 0, "denominator": None}


def _as_date(value):
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    return date.fromisoformat(value)
