# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The bounds of user-set numbers (no Odoo needed)."""

import doctest

import pytest

from crm_lifecycle.engine import bounds
from crm_lifecycle.engine.bounds import out_of_bounds, within

NAN, INF = float("nan"), float("inf")


def test_doctests():
    assert not doctest.testmod(bounds).failed


@pytest.mark.parametrize(
    "value, expected",
    [
        (0, True),
        (10, True),
        (-0.0, True),
        (-1e-9, False),
        (10.000001, False),
        (NAN, False),
        (INF, False),
        (-INF, False),
        (1e308, False),
        (None, True),
        (False, True),
    ],
)
def test_within_zero_to_ten(value, expected):
    assert within(value, 0, 10) is expected


def test_out_of_bounds_names_each_bad_field_once():
    values = {"target": NAN, "weight": 2.0, "tolerance": 1e308}
    limits = {"target": (-1e15, 1e15), "weight": (0, 100), "tolerance": (0, 100)}
    assert out_of_bounds(values, limits) == ["target", "tolerance"]


def test_missing_field_is_not_reported():
    assert out_of_bounds({}, {"weight": (0, 100)}) == []
