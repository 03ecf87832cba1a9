# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""What a status and a run of periods really say, noise considered (pure Python).

A monthly value moves by chance: with a target 20 % above the baseline, a few
orders more or less decide between "Achieved" and "Off Track". Two rules keep
the screens honest:

- ``headline_status``: a status whose change against the baseline the
  significance test calls not significant keeps its name but carries the
  qualifier *within normal variation*; a line without a test keeps its
  status as it is (nothing tells noise from signal there).
- ``trend_marks``: the direction of each of the last three closed periods
  against the period before (▲ ▼ =), marked good or bad by the KPI's
  direction, so that one good month after five bad ones reads as such.

>>> headline_status("achieved", tested=True, significant=False)
('achieved', 'within_normal_variation')
>>> [mark.symbol for mark in trend_marks([10.0, 12.0, 12.0, 9.0], "up")]
['▲', '=', '▼']
"""

from dataclasses import dataclass

from .status import ERROR, NO_DATA

WITHIN_NORMAL_VARIATION = "within_normal_variation"

UP, DOWN, FLAT = "up", "down", "flat"
GOOD, BAD, NEUTRAL = "good", "bad", "neutral"
SYMBOLS = {UP: "▲", DOWN: "▼", FLAT: "="}
# Number of closed periods the trend marks describe.
TREND_PERIODS = 3
# A change smaller than this share of the previous value is no change: the
# values are rounded sums and averages, and "=" reads better than ▲ for 0.1 %.
FLAT_SHARE = 0.005


def headline_status(status, tested, significant):
    """The status to headline and its qualifier (None or
    ``WITHIN_NORMAL_VARIATION``).

    ``tested``: whether a significance test of the period against the
    baseline ran for the line; ``significant``: its verdict (p < 0.05).
    A status of a line without data or in error has no qualifier.

    >>> headline_status("off_track", tested=True, significant=True)
    ('off_track', None)
    >>> headline_status("on_track", tested=False, significant=False)
    ('on_track', None)
    >>> headline_status("no_data", tested=True, significant=False)
    ('no_data', None)
    """
    if status in (NO_DATA, ERROR) or not tested or significant:
        return status, None
    return status, WITHIN_NORMAL_VARIATION


@dataclass(frozen=True)
class TrendMark:
    """How a period moved against the one before: ``move`` is up, down or
    flat; ``tone`` good, bad or neutral in the KPI's direction."""

    move: str
    tone: str

    @property
    def symbol(self):
        return SYMBOLS[self.move]


def move_between(previous, value):
    """``UP``, ``DOWN`` or ``FLAT`` from ``previous`` to ``value``; None when
    either is unknown.

    >>> move_between(100.0, 100.4), move_between(100.0, 101.0), move_between(0.0, -1.0)
    ('flat', 'up', 'down')
    >>> move_between(None, 3.0) is None
    True
    """
    if previous is None or value is None:
        return None
    change = value - previous
    if abs(change) <= abs(previous) * FLAT_SHARE:
        return FLAT
    return UP if change > 0 else DOWN


def trend_marks(values, direction, periods=TREND_PERIODS):
    """The marks of the last ``periods`` values of ``values`` (oldest first,
    None for a period without data), each against the value before it.

    A period without data, or whose previous period has none, gets None:
    nothing is said rather than a guess. Fewer than ``periods + 1`` values
    give fewer marks.

    >>> [(m.symbol, m.tone) for m in trend_marks([5.0, 4.0, 3.0, 3.0], "down")]
    [('▼', 'good'), ('▼', 'good'), ('=', 'neutral')]
    >>> trend_marks([5.0, None, 3.0], "up")
    [None, None]
    """
    recent = list(values)[-(periods + 1) :]
    marks = []
    for previous, value in zip(recent, recent[1:], strict=False):
        move = move_between(previous, value)
        marks.append(move and TrendMark(move, _tone(move, direction)))
    return marks


def _tone(move, direction):
    if move == FLAT:
        return NEUTRAL
    return GOOD if (move == UP) == (direction == "up") else BAD
