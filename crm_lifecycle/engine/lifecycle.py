# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Customer lifecycle rules, free of any ORM.

How it works: a commercial partner's stage at a date D depends only on the
dates of its purchases up to D, on its advocacy date (the first day it showed
advocacy evidence: its first referred customer bought, or any evidence the
caller adds) and on whether it is a prospect (has a lead or a quotation). With
``n`` purchases up to D, ``gap`` = days since the last one and ``avg`` = mean
days between purchases (n >= 2), the first matching rule wins:

1. n >= 1 and gap > churn_days                                  -> churned
2. n >= 1 and gap > max(at_risk_min_days, at_risk_factor * avg) -> at_risk
3. >= loyal_min_orders purchases within loyal_window_days before D
   (a purchase exactly loyal_window_days ago counts) and the
   advocacy date is D or earlier                                -> advocate
4. the same purchase condition without advocacy evidence        -> loyal
5. n >= 2                                                       -> repeat
6. n == 1                                                       -> new
7. n == 0 and a prospect                                        -> prospect
   otherwise no stage (None).

>>> from datetime import date
>>> stage_at([date(2024, 1, 1)], date(2024, 2, 1))
'new'
>>> stage_at([date(2024, 1, 1)], date(2025, 1, 2))
'churned'
>>> transitions = replay([date(2024, 1, 1)], date(2024, 4, 2))
>>> [(str(t.date), t.stage, t.cause) for t in transitions]
[('2024-01-01', 'new', 'purchase'), ('2024-04-01', 'at_risk', 'inactivity')]
"""

import math
from bisect import bisect_left, bisect_right
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cached_property
from typing import NamedTuple

PROSPECT = "prospect"
NEW = "new"
REPEAT = "repeat"
LOYAL = "loyal"
ADVOCATE = "advocate"
AT_RISK = "at_risk"
CHURNED = "churned"
# the stages the rules move customers to: their records must keep these codes
STAGE_CODES = (PROSPECT, NEW, REPEAT, LOYAL, ADVOCATE, AT_RISK, CHURNED)

# causes of a transition, see replay()
PURCHASE = "purchase"
REFERRAL = "referral"  # the advocacy date (a buying referral or other evidence)
INACTIVITY = "inactivity"
LEAD = "lead"


# Manual corrections record what the facts the rules read cannot show. The
# stages defined by purchases (new, repeat, loyal) and by the time since the
# last purchase (at risk) only come from the facts; a person may record:
# - a prospect met outside the system (no stage yet -> prospect);
# - advocacy shown outside the system (loyal -> advocate) or withdrawn
#   (advocate -> loyal), e.g. a public recommendation or a bad review;
# - a customer known to be lost (any customer stage -> churned), e.g. it
#   closed down or told us it leaves.
MANUAL_TRANSITIONS = {
    None: frozenset({PROSPECT}),
    LOYAL: frozenset({ADVOCATE, CHURNED}),
    ADVOCATE: frozenset({LOYAL, CHURNED}),
    NEW: frozenset({CHURNED}),
    REPEAT: frozenset({CHURNED}),
    AT_RISK: frozenset({CHURNED}),
}


def manual_transition_allowed(stage_from, stage_to):
    """Whether a person may record a move from ``stage_from`` (a stage code,
    None for no stage) to ``stage_to`` (see ``MANUAL_TRANSITIONS``).

    >>> manual_transition_allowed("loyal", "advocate")
    True
    >>> manual_transition_allowed("new", "loyal")  # only purchases make it loyal
    False
    """
    return stage_to in MANUAL_TRANSITIONS.get(stage_from, ())


@dataclass(frozen=True)
class Thresholds:
    churn_days: int = 365
    at_risk_min_days: int = 90
    at_risk_factor: float = 1.5
    loyal_min_orders: int = 4
    loyal_window_days: int = 365

    @cached_property
    def spans(self):
        """The thresholds as timedeltas, made once: the replay of a portfolio
        does date arithmetic with them millions of times."""
        return _Spans(
            loyal_window=timedelta(days=self.loyal_window_days),
            leaves_window=timedelta(days=self.loyal_window_days + 1),
            churn=timedelta(days=self.churn_days + 1),
            # no inactivity day comes sooner than this after a purchase
            soonest=timedelta(days=min(self.churn_days, self.at_risk_min_days) + 1),
        )

    def at_risk_days(self, avg_days):
        """Longest gap (days, possibly fractional) that is not yet at risk."""
        if avg_days is None:
            return self.at_risk_min_days
        return max(self.at_risk_min_days, self.at_risk_factor * avg_days)


class _Spans(NamedTuple):
    loyal_window: timedelta
    leaves_window: timedelta
    churn: timedelta
    soonest: timedelta


DEFAULT_THRESHOLDS = Thresholds()


@dataclass(frozen=True)
class Transition:
    date: date
    stage: str | None
    cause: str


def average_gap(first, last, count):
    """Mean days between purchases, None below two purchases."""
    if count < 2:
        return None
    return (last - first).days / (count - 1)


def stage_at(
    purchase_dates,
    as_of,
    thresholds=DEFAULT_THRESHOLDS,
    advocacy_date=None,
    is_prospect=False,
):
    """Stage code (or None) at ``as_of``.

    :param purchase_dates: sorted list of purchase dates (duplicates allowed)
    :param advocacy_date: first day of advocacy evidence (e.g. the first
        referred customer bought), or None
    :param is_prospect: whether the partner has a lead or a quotation
    """
    count = bisect_right(purchase_dates, as_of)
    if not count:
        return PROSPECT if is_prospect else None
    first, last = purchase_dates[0], purchase_dates[count - 1]
    gap = (as_of - last).days
    if gap > thresholds.churn_days:
        return CHURNED
    if gap > thresholds.at_risk_days(average_gap(first, last, count)):
        return AT_RISK
    window_start = as_of - thresholds.spans.loyal_window
    in_window = count - bisect_left(purchase_dates, window_start)
    if in_window >= thresholds.loyal_min_orders:
        if advocacy_date is not None and advocacy_date <= as_of:
            return ADVOCATE
        return LOYAL
    return REPEAT if count >= 2 else NEW


def _candidate_days(purchase_dates, thresholds, advocacy_date, start=0):
    """Days on which the stage may change, with their cause, from the
    purchases ``purchase_dates[start:]`` on."""
    days = {day: PURCHASE for day in purchase_dates[start:]}
    if advocacy_date is not None:
        days.setdefault(advocacy_date, REFERRAL)
    first, count = purchase_dates[0], len(purchase_dates)
    _window, leaves_window, churn, soonest = thresholds.spans
    for index in range(start, count):
        last = purchase_dates[index]
        following = purchase_dates[index + 1] if index + 1 < count else None
        if following == last:
            continue  # several purchases that day: the last one counts
        days.setdefault(last + leaves_window, INACTIVITY)
        # at-risk and churn days are irrelevant when the next purchase comes
        # first; gap > threshold first holds floor(threshold) + 1 days after
        if following is not None and following <= last + soonest:
            continue
        # past the churn day the customer is churned, not at risk: capping
        # keeps huge gaps times a large factor within the calendar
        at_risk_days = min(
            thresholds.at_risk_days(average_gap(first, last, index + 1)),
            thresholds.churn_days,
        )
        at_risk = last + timedelta(days=math.floor(at_risk_days) + 1)
        for day in (at_risk, last + churn):
            if following is None or day < following:
                days.setdefault(day, INACTIVITY)
    return days


def replay(
    purchase_dates,
    until,
    thresholds=DEFAULT_THRESHOLDS,
    advocacy_date=None,
    prospect_since=None,
):
    """Dated stage transitions of one partner up to ``until`` (inclusive).

    Purchase-driven changes are dated on the purchase, inactivity changes on
    the first day the threshold is crossed, the advocate step on the advocacy
    date (or on the purchase that makes a partner with evidence loyal). A
    partner that was a prospect before its first purchase
    (``prospect_since``) starts with a prospect transition.
    The last transition's stage is ``stage_at(..., until)``.

    :return: list of Transition
    """
    transitions = []
    if prospect_since is not None and prospect_since <= until:
        if not purchase_dates or prospect_since < purchase_dates[0]:
            transitions.append(Transition(prospect_since, PROSPECT, LEAD))
    if not purchase_dates:
        return transitions
    current = transitions[-1].stage if transitions else None
    candidates = _candidate_days(purchase_dates, thresholds, advocacy_date)
    for day in sorted(candidates):
        if day > until:
            break
        if day < purchase_dates[0]:
            continue  # before the first purchase only the prospect rule applies
        stage = stage_at(purchase_dates, day, thresholds, advocacy_date)
        if stage != current:
            transitions.append(Transition(day, stage, candidates[day]))
            current = stage
    return transitions


def last_transition(
    purchase_dates,
    until,
    thresholds=DEFAULT_THRESHOLDS,
    advocacy_date=None,
    prospect_since=None,
):
    """``replay(...)[-1]`` (None without transitions), found by walking back
    from ``until`` over the recent purchases only.

    Candidate days from the last purchase ``lo`` on come from purchases
    after ``lo - horizon`` (an older purchase's at-risk or churn day is
    preceded by a later purchase, its window exit is before ``lo``); only
    when the stage has not changed since ``lo`` are all days needed.
    """
    count = bisect_right(purchase_dates, until)
    if not count:
        transitions = replay(
            purchase_dates, until, thresholds, advocacy_date, prospect_since
        )
        return transitions[-1] if transitions else None
    dates = purchase_dates[:count]
    final = stage_at(dates, until, thresholds, advocacy_date)
    horizon = timedelta(
        days=max(thresholds.churn_days, thresholds.loyal_window_days) + 1
    )
    # first from the last purchase on, then (when the stage has not changed
    # since) the days before it
    for lo, hi in ((dates[-1], until), (dates[0], dates[-1])):
        first_index = bisect_left(dates, lo - horizon)
        candidates = _candidate_days(dates, thresholds, advocacy_date, first_index)
        days = sorted(day for day in candidates if lo <= day <= hi)
        for index in range(len(days) - 1, 0, -1):
            if stage_at(dates, days[index - 1], thresholds, advocacy_date) != final:
                return Transition(days[index], final, candidates[days[index]])
    # unchanged since the first purchase
    return Transition(days[0], final, candidates[days[0]])
