# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Bounds of the numbers users may set: finite and within a sensible range.

NaN, infinities and absurd magnitudes reach a model over RPC as easily as a
real number. Every number a user can set is checked against a range, so the
statistics, the date arithmetic and the JSON sent to browsers never see them.
"""

import math

# Settings that feed date arithmetic are windows of at most ten years.
MAX_WINDOW_DAYS = 3660
# Amounts and KPI values: far above any real figure, far below float limits.
MAX_AMOUNT = 1e15


def within(value, low, high):
    """Whether ``value`` is a finite number with ``low <= value <= high``.

    ``False``/``None`` (an unset field) counts as within: required-ness is
    another rule.

    >>> within(5, 0, 10), within(float("nan"), 0, 10), within(11, 0, 10)
    (True, False, False)
    >>> within(None, 0, 10), within(float("inf"), 0, float("inf"))
    (True, False)
    """
    if value is None or value is False:
        return True
    return math.isfinite(value) and low <= value <= high


def out_of_bounds(record_values, bounds):
    """Names of the fields whose value is not within their bounds.

    :param record_values: ``{field name: value}``
    :param bounds: ``{field name: (low, high)}``
    """
    return [
        name
        for name, (low, high) in bounds.items()
        if not within(record_values.get(name), low, high)
    ]
