# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The values a query KPI's domain may compare a field with (no Odoo needed).

A value PostgreSQL cannot take (the 30th of February, year 0, a NUL
character, text for a number, an id beyond the integer range) passes Odoo's
domain parsing and only fails when the KPI is computed, as an SQL error. The
KPI refuses such a domain when it is saved instead.
"""

import math
from datetime import date, datetime

# Operators that compare the text of any field: only the NUL character matters.
TEXT_OPERATORS = ("like", "not like", "ilike", "not ilike", "=like", "=ilike")
INT4_MAX = 2**31 - 1


def _is_date(value):
    if isinstance(value, date):
        return True
    try:
        date.fromisoformat(value[:10])
    except (TypeError, ValueError):
        return False
    return True


def _is_datetime(value):
    if isinstance(value, date):
        return True
    try:
        datetime.fromisoformat(value)
    except (TypeError, ValueError):
        return False
    return True


def _is_integer(value):
    try:
        return -INT4_MAX <= int(value) <= INT4_MAX
    except (TypeError, ValueError, OverflowError):
        return False


def _is_number(value):
    try:
        return math.isfinite(float(value))
    except (TypeError, ValueError, OverflowError):
        return False


def _is_text(value):
    return isinstance(value, str)


def _is_id_or_name(value):
    return _is_text(value) or (_is_integer(value) and not isinstance(value, float))


CHECKS = {
    "date": _is_date,
    "datetime": _is_datetime,
    "integer": _is_integer,
    "float": _is_number,
    "monetary": _is_number,
    "many2one": _is_id_or_name,
    "one2many": _is_id_or_name,
    "many2many": _is_id_or_name,
    "char": _is_text,
    "text": _is_text,
    "html": _is_text,
    "selection": _is_text,
}


def invalid_value(field_type, operator, value):
    """The first item of ``value`` (a scalar or a list) that a field of
    ``field_type`` cannot be compared with by ``operator``, else None.

    ``False`` and ``None`` (unset) are always comparable; field types without
    a check (boolean, ...) take what Odoo converts itself.

    >>> invalid_value("date", "=", "2026-02-30")
    '2026-02-30'
    >>> invalid_value("date", "<", "2026-03-01") is None
    True
    >>> invalid_value("datetime", "in", ["2026-01-01 10:00:00", "0000-01-01"])
    '0000-01-01'
    >>> invalid_value("float", ">", "a lot"), invalid_value("integer", ">", "12")
    ('a lot', None)
    >>> invalid_value("many2one", "=", 2**40), invalid_value("char", "=", 5)
    (1099511627776, 5)
    >>> invalid_value("char", "=", "S\\x00"), invalid_value("float", "ilike", "1%")
    ('S\\x00', None)
    >>> invalid_value("date", "!=", False) is None
    True
    """
    items = value if isinstance(value, list | tuple) else [value]
    check = None if operator in TEXT_OPERATORS else CHECKS.get(field_type)
    for item in items:
        if item is None or item is False:
            continue
        if isinstance(item, str) and "\x00" in item:
            return item
        if check and not check(item):
            return item
    return None


def only_ids(value):
    """Whether ``value`` names records by id only (no name search).

    >>> only_ids([1, 2]), only_ids(3), only_ids(False), only_ids("Admin")
    (True, True, True, False)
    """
    items = value if isinstance(value, list | tuple) else [value]
    return all(
        item is None or item is False or (isinstance(item, int) and _is_integer(item))
        for item in items
    )
