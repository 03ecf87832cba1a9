# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One customer's lifecycle evaluation, free of any ORM.

The recompute (``crm.lifecycle.recompute``) gathers each customer's facts
with a few set-based queries into a :class:`CustomerFacts`, then asks this
module for the customer's history rows (:func:`change_row` for the daily
run, :func:`replay_rows` for a rebuild) and its figures
(:func:`customer_figures`), which it writes back in bulk. Stages are passed as
the ids of ``crm.lifecycle.stage`` records (``stage_ids``: {code: id}), so
that the rows are ready to be written.

>>> from datetime import date
>>> stage_ids = {"new": 1, "repeat": 2, "at_risk": 5}
>>> facts = CustomerFacts(7, [date(2024, 1, 1)], [41])
>>> row = change_row(facts, date(2024, 1, 1), stage_ids, (None, None), "sale_order")
>>> row.stage_to_id, row.reason, row.order_id
(1, 'order', 41)
>>> replay_rows(facts, date(2024, 4, 2), stage_ids)[-1].reason
'rebuild'
"""

from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from datetime import date, timedelta

from .lifecycle import (
    DEFAULT_THRESHOLDS,
    INACTIVITY,
    LEAD,
    PURCHASE,
    REFERRAL,
    average_gap,
    last_transition,
    replay,
    stage_at,
)

# Reasons of the history rows (``crm.lifecycle.history.reason``): a purchase
# is an "order" or an "invoice" as the company's purchase source says
CAUSE_REASONS = {INACTIVITY: "inactivity", REFERRAL: "referral", LEAD: "lead"}
SOURCE_REASONS = {"sale_order": "order", "invoice": "invoice"}
REBUILD = "rebuild"


@dataclass(slots=True)
class CustomerFacts:
    """What the rules read about one commercial partner."""

    partner_id: int
    purchase_dates: list[date] = field(default_factory=list)  # sorted
    order_ids: list[int | None] = field(default_factory=list)  # one per date
    # in the lifecycle currency (the default company's)
    revenue: float = 0.0
    referral_count: int = 0  # referred customers who bought
    referred_revenue: float = 0.0
    # earliest advocacy evidence: a referred customer's first purchase or any
    # evidence of the advocacy hook
    advocacy_date: date | None = None
    prospect_since: date | None = None  # first active lead or open quotation


@dataclass(slots=True)
class HistoryRow:
    """A row of ``crm.lifecycle.history`` (the company is the partner's)."""

    partner_id: int
    stage_from_id: int | None
    stage_to_id: int | None
    date: date
    reason: str
    order_id: int | None = None


@dataclass(slots=True)
class CustomerFigures:
    """The lifecycle figures of a customer, named as the res.partner columns
    the recompute writes them to."""

    partner_id: int
    lifecycle_stage_id: int | None
    lifecycle_stage_date: date | None
    first_order_date: date | None
    last_order_date: date | None
    order_count: int
    lifetime_revenue: float
    avg_days_between_orders: float
    next_expected_order_date: date | None
    referral_count: int
    referred_revenue: float


def _order_on(facts, transition):
    """The order of a purchase transition (the last one of its day)."""
    if transition.cause != PURCHASE:
        return None
    return facts.order_ids[bisect_right(facts.purchase_dates, transition.date) - 1]


def _rules_args(facts, until, thresholds):
    return (
        facts.purchase_dates,
        until,
        thresholds,
        facts.advocacy_date,
        facts.prospect_since,
    )


def change_row(
    facts, as_of, stage_ids, current, purchase_source, thresholds=DEFAULT_THRESHOLDS
):
    """The history row of the customer's change of stage at ``as_of``, None
    when its stage (``current``: (stage id, stage date) before) holds.

    The row is dated on the transition that led to the stage (a purchase, the
    day a threshold was crossed, the advocacy date); a customer whose only
    purchases were cancelled leaves its stage on ``as_of``.
    """
    is_prospect = facts.prospect_since is not None and facts.prospect_since <= as_of
    stage_id = stage_ids.get(
        stage_at(
            facts.purchase_dates, as_of, thresholds, facts.advocacy_date, is_prospect
        )
    )
    current_id = current[0]
    if stage_id == current_id:
        return None
    last = last_transition(*_rules_args(facts, as_of, thresholds))
    purchase_reason = SOURCE_REASONS[purchase_source]
    if not last:  # no purchase and no prospect any more
        return HistoryRow(facts.partner_id, current_id, None, as_of, purchase_reason)
    return HistoryRow(
        facts.partner_id,
        current_id,
        stage_id,
        last.date,
        CAUSE_REASONS.get(last.cause, purchase_reason),
        _order_on(facts, last),
    )


def replay_rows(facts, until, stage_ids, thresholds=DEFAULT_THRESHOLDS):
    """The customer's whole history up to ``until`` (reason ``rebuild``)."""
    rows, previous = [], None
    for transition in replay(*_rules_args(facts, until, thresholds)):
        stage_id = stage_ids.get(transition.stage)
        rows.append(
            HistoryRow(
                facts.partner_id,
                previous,
                stage_id,
                transition.date,
                REBUILD,
                _order_on(facts, transition),
            )
        )
        previous = stage_id
    return rows


def customer_figures(facts, stage_id, stage_date, rate=1.0):
    """The customer's figures; ``rate`` converts the lifecycle currency into
    the currency of the customer's company."""
    dates = facts.purchase_dates
    avg = average_gap(dates[0], dates[-1], len(dates)) if dates else None
    return CustomerFigures(
        partner_id=facts.partner_id,
        lifecycle_stage_id=stage_id,
        lifecycle_stage_date=stage_date,
        first_order_date=dates[0] if dates else None,
        last_order_date=dates[-1] if dates else None,
        order_count=len(dates),
        lifetime_revenue=facts.revenue * rate,
        avg_days_between_orders=avg or 0.0,
        next_expected_order_date=(
            dates[-1] + timedelta(days=round(avg)) if avg is not None else None
        ),
        referral_count=facts.referral_count,
        referred_revenue=facts.referred_revenue * rate,
    )


def days_without_purchase(purchase_dates, day):
    """Days from the last purchase before ``day`` to ``day`` (None without
    one): how long an inactivity change waited."""
    index = bisect_left(purchase_dates, day)
    return (day - purchase_dates[index - 1]).days if index else None


def stage_after(current, row):
    """(stage id, stage date) of a customer whose (stage id, stage date) was
    ``current`` once ``row`` (a :class:`HistoryRow` or None) is applied."""
    if row is None:
        return current
    return row.stage_to_id, row.date if row.stage_to_id else None
