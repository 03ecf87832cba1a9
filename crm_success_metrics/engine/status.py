# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Progress, status, success index and trade-offs of objectives (pure Python).

>>> progress_pct(110.0, 100.0, 120.0)
50.0
>>> line_status(110.0, 120.0, "up", 50.0, 55.0, 10.0)
'on_track'
>>> success_index([(1.0, 150.0), (1.0, 20.0)])
60.0
"""

import math

ERROR, NO_DATA, ACHIEVED, ON_TRACK, AT_RISK, OFF_TRACK = (
    "error",
    "no_data",
    "achieved",
    "on_track",
    "at_risk",
    "off_track",
)


def progress_pct(value, baseline, target):
    """``(value - baseline) / (target - baseline) × 100``; None when undefined.

    Negative when the value moved away from the target; above 100 beyond it.
    Undefined too when a number is not finite (NaN, infinity).

    >>> progress_pct(90.0, 100.0, 80.0)
    50.0
    >>> progress_pct(5.0, 10.0, 10.0) is None
    True
    >>> progress_pct(5.0, float("nan"), 10.0) is None
    True
    """
    numbers = (value, baseline, target)
    if None in numbers or not all(map(math.isfinite, numbers)) or target == baseline:
        return None
    progress = (value - baseline) / (target - baseline) * 100.0
    return progress if math.isfinite(progress) else None


def meets_target(value, target, direction):
    """Whether ``value`` meets or beats ``target`` in the KPI's direction."""
    return value >= target if direction == "up" else value <= target


def line_status(value, target, direction, progress, expected, tolerance, error=False):
    """Status of a scorecard line, by the first rule that applies.

    error if the computation raised; no_data if there is no value; achieved if
    the value meets or beats the target; on_track if progress ≥ expected −
    tolerance; at_risk if progress > 0; off_track otherwise.

    >>> line_status(None, 10.0, "up", None, 50.0, 10.0)
    'no_data'
    >>> line_status(8.0, 10.0, "down", -20.0, 50.0, 10.0)
    'achieved'
    >>> line_status(12.0, 20.0, "up", 20.0, 50.0, 10.0)
    'at_risk'
    >>> line_status(9.0, 20.0, "up", -10.0, 50.0, 10.0)
    'off_track'
    """
    if error:
        return ERROR
    if value is None:
        return NO_DATA
    if meets_target(value, target, direction):
        return ACHIEVED
    progress = progress if progress is not None else 0.0
    if progress >= expected - tolerance:
        return ON_TRACK
    if progress > 0:
        return AT_RISK
    return OFF_TRACK


def success_index(weighted_progress):
    """Weighted mean of progress clamped to 0-100; None without any line.

    ``weighted_progress``: iterable of ``(weight, progress)`` of the lines
    with data (a None progress counts as 0); a line whose weight or progress
    is not finite is left out.

    >>> success_index([(3.0, 100.0), (1.0, -40.0)])
    75.0
    >>> success_index([]) is None
    True
    >>> success_index([(1.0, 50.0), (float("inf"), 10.0), (1.0, float("nan"))])
    50.0
    """
    total_weight = 0.0
    total = 0.0
    for weight, progress in weighted_progress:
        if not math.isfinite(weight) or not math.isfinite(progress or 0.0):
            continue
        total_weight += weight
        total += weight * max(0.0, min(100.0, progress or 0.0))
    return total / total_weight if total_weight else None


def tradeoffs(objectives):
    """Trade-offs between declared conflicting objectives.

    ``objectives``: list of dicts with ``key``, ``name``, ``progress`` (None
    when unknown), ``tolerance`` (points) and ``conflicts`` (keys). When an
    objective improved (progress > 0) while a conflicting one worsened by more
    than its tolerance (progress < −tolerance), both are reported, each naming
    the other. Returns ``{key: [(role, other name), ...]}`` with ``role`` either
    ``"improved"`` or ``"worsened"``.

    >>> tradeoffs([
    ...     {"key": 1, "name": "Revenue", "progress": 40.0, "tolerance": 10.0,
    ...      "conflicts": [2]},
    ...     {"key": 2, "name": "Complaints", "progress": -25.0, "tolerance": 10.0,
    ...      "conflicts": [1]},
    ... ])
    {1: [('improved', 'Complaints')], 2: [('worsened', 'Revenue')]}
    """
    by_key = {objective["key"]: objective for objective in objectives}
    found = {}
    for objective in objectives:
        if objective["progress"] is None or objective["progress"] <= 0:
            continue
        for key in objective["conflicts"]:
            other = by_key.get(key)
            if (
                other is None
                or other["progress"] is None
                or other["progress"] >= -other["tolerance"]
            ):
                continue
            found.setdefault(objective["key"], []).append(("improved", other["name"]))
            found.setdefault(key, []).append(("worsened", objective["name"]))
    return found
