# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bounds checks of the numbers users set, on top of the pure
``engine/bounds.py``: the messages that name the field and its range."""

from odoo.exceptions import ValidationError

from ..engine.bounds import out_of_bounds


def bounds_problem(record, bounds):
    """A readable sentence on the first field of ``record`` not finite or out
    of its ``bounds`` (``{field name: (low, high)}``), or None."""
    names = out_of_bounds({name: record[name] for name in bounds}, bounds)
    if not names:
        return None
    low, high = (f"{limit:g}" for limit in bounds[names[0]])
    return record.env._(
        "%(field)s must be a finite number from %(low)s to %(high)s.",
        field=record._fields[names[0]]._description_string(record.env),
        low=low,
        high=high,
    )


def check_bounds(records, bounds):
    """Raise a ValidationError for the first record with a number out of bounds."""
    for record in records:
        problem = bounds_problem(record, bounds)
        if problem:
            raise ValidationError(problem)
