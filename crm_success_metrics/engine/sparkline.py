# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Sparklines of the objective dashboard (pure Python, no Odoo)."""


def sparkline_points(values, width=100.0, height=20.0):
    """SVG ``polyline`` points drawing ``values`` left to right in a box.

    The lowest value touches the bottom, the highest the top; a flat series is
    drawn mid-height. Fewer than two values draw nothing.

    >>> sparkline_points([0, 50, 100])
    '0.0,20.0 50.0,10.0 100.0,0.0'
    >>> sparkline_points([7, 7])
    '0.0,10.0 100.0,10.0'
    >>> sparkline_points([42])
    ''
    """
    if len(values) < 2:
        return ""
    low, high = min(values), max(values)
    step = width / (len(values) - 1)
    points = []
    for index, value in enumerate(values):
        ratio = (value - low) / (high - low) if high != low else 0.5
        points.append(f"{index * step:.1f},{height - ratio * height:.1f}")
    return " ".join(points)
