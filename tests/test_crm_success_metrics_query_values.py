# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The values a query KPI's domain may compare a field with (no Odoo needed)."""

import doctest
from datetime import date, datetime

import pytest

from crm_success_metrics.engine import query_values
from crm_success_metrics.engine.query_values import invalid_value, only_ids


def test_doctests():
    assert not doctest.testmod(query_values).failed


@pytest.mark.parametrize(
    "field_type, operator, value, expected",
    [
        ("date", ">=", "2026-02-28", None),
        ("date", ">=", "2026-02-30", "2026-02-30"),
        ("date", ">=", "0000-01-01", "0000-01-01"),
        ("date", "in", ["2026-01-01", "2026-13-01"], "2026-13-01"),
        ("date", "=", date(2026, 1, 1), None),
        ("date", "=", 20260101, 20260101),
        ("datetime", "<", "2026-01-01 10:00:00", None),
        ("datetime", "<", "2026-01-01", None),
        ("datetime", "<", "2026-01-01 25:00:00", "2026-01-01 25:00:00"),
        ("datetime", "<", datetime(2026, 1, 1), None),
        ("integer", "=", 2**31, 2**31),
        ("integer", "=", -(2**31) + 1, None),
        ("float", ">", float("nan"), float("nan")),
        ("monetary", ">", float("inf"), float("inf")),
        ("monetary", ">", "12.5", None),
        ("many2one", "in", [1, "Azure"], None),
        ("many2one", "in", [1, 2.5], 2.5),
        ("selection", "=", "sale", None),
        ("boolean", "=", True, None),
        ("char", "ilike", "a\x00", "a\x00"),
        ("integer", "ilike", "12%", None),
        ("char", "=", None, None),
    ],
)
def test_invalid_value(field_type, operator, value, expected):
    result = invalid_value(field_type, operator, value)
    if isinstance(expected, float) and expected != expected:  # NaN
        assert result != result
    else:
        assert result == expected


@pytest.mark.parametrize(
    "value, expected",
    [(1, True), ([1, 2], True), (False, True), ("Admin", False), ([1, "x"], False)],
)
def test_only_ids(value, expected):
    assert only_ids(value) is expected
