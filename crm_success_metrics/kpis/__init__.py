# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Toolbox of the built-in KPIs, which are methods of ``crm.success.kpi``.

A built-in KPI is a method ``_kpi_<code>(date_from, date_to, company)`` of the
model ``crm.success.kpi``, declared with :func:`kpi` (one ``_inherit`` file per
business domain, ``models/crm_success_kpi_<domain>.py``). Odoo builds the model
class of each database from the addons installed in it, so a database only has
the KPIs of its addons, and another addon adds or overrides one like any
method (see the README, "Adding or changing a built-in KPI").

- ``date_from``, ``date_to``: ``datetime.date``, both inclusive;
- ``company``: one ``res.company`` record; amounts are in its currency;
- ``self``: the KPI model as the superuser in that company (see
  ``compute_value``); a method may use ``self.env.cr`` and ``odoo.tools.SQL``,
  flushing the models it reads first.

It returns ``{"value", "numerator", "denominator"}``, built with
:func:`measure` or :func:`ratio`; ``value`` is ``None`` when there is nothing
to measure (e.g. a ratio with a zero denominator). It runs a bounded number of
set-based queries, whatever the volume of data; KPIs built on the same query
share it through :func:`shared`, and measure all the periods of a scorecard
in that one query through :func:`shared_periods`.

Its ``drill`` names the sets of records behind its numerator and, for a
ratio, its denominator: ``drill=("leads_won", "leads_decided")`` says that
``_drill_leads_won(date_from, date_to, company)`` returns the :class:`Drill`
of the numerator and ``_drill_leads_decided`` the denominator's. Several KPIs
share a set (the purchases of the period feed four of them); the scorecard
lines open them (``action_drill_numerator``).
"""

import uuid
from contextlib import contextmanager
from dataclasses import dataclass

from odoo import fields

from odoo.addons.crm_lifecycle.tools import jit_off

MEMO_KEY = "crm_success_kpi_memo"


@dataclass(frozen=True)
class Drill:
    """The records behind one side of a KPI, for a standard list view.

    ``domain`` is written with JSON values (a window action carries it) and
    is searched as the user who opens it, with their access rights;
    ``label`` names the records ("Won opportunities"); ``group_by`` groups
    the list when the KPI counts groups, not records (distinct cases);
    ``measure`` is the field the KPI sums or averages over the records, with
    the sign it is read with, when it is not a count.
    """

    model: str
    domain: list
    label: str
    group_by: tuple = ()
    measure: tuple = ()


def kpi(kind, unit, direction="up", significance_test="none", drill=()):
    """Declare the decorated ``_kpi_<code>`` method a built-in KPI.

    What the method measures decides how it is read, so this is written beside
    it, not in the editable KPI record: ``kind`` (``flow``, ``stock`` or
    ``ratio``), ``unit``, ``direction`` (``up`` when higher is better) and the
    ``significance_test`` against the baseline (``none``, ``proportion`` for
    ratios of counts, ``poisson`` for count flows). The values are those of the
    fields of the same names of ``crm.success.kpi``, which copies them onto the
    KPI records (``_apply_builtin_specs``). ``drill`` names the record sets
    of its numerator and denominator (see the module's docstring).

    >>> @kpi(kind="flow", unit="count", significance_test="poisson",
    ...      drill=("purchases",))
    ... def _kpi_orders_count(self, date_from, date_to, company):
    ...     pass
    >>> _kpi_orders_count.kpi_spec["direction"]
    'up'
    >>> _kpi_orders_count.kpi_drill
    ('purchases',)
    """

    def declare(method):
        method.kpi_spec = {
            "kind": kind,
            "unit": unit,
            "direction": direction,
            "significance_test": significance_test,
        }
        method.kpi_drill = tuple(drill)
        return method

    return declare


def measure(value, numerator=None, denominator=None):
    """Result of a KPI that is a plain quantity (count, amount, stock).

    >>> measure(3)
    {'value': 3.0, 'numerator': 3.0, 'denominator': None}
    """
    value = None if value is None else float(value)
    if numerator is None:
        numerator = value
    return {"value": value, "numerator": numerator, "denominator": denominator}


def ratio(numerator, denominator, factor=1.0):
    """Result of ``numerator / denominator × factor``; no value if denominator is 0.

    >>> ratio(1, 4, 100)
    {'value': 25.0, 'numerator': 1.0, 'denominator': 4.0}
    >>> ratio(0, 0)
    {'value': None, 'numerator': 0.0, 'denominator': 0.0}
    """
    numerator = float(numerator or 0.0)
    denominator = float(denominator or 0.0)
    value = numerator * factor / denominator if denominator else None
    return {"value": value, "numerator": numerator, "denominator": denominator}


@contextmanager
def shared_results(env, periods=(), handlers=()):
    """Yield an environment whose handlers share query results (see :func:`shared`).

    Scorecards measure all their KPIs within one such block; data cannot change
    meanwhile, so KPIs built on the same query (retention and churn, the sales
    totals...) run it once. ``periods`` lists the ``(date_from, date_to)``
    periods the block will measure (a scorecard's period and the same period
    last year): the KPIs that support it measure them all in the one query of
    their data source (see :func:`shared_periods`). ``handlers`` lists the
    built-in KPIs it will measure, when known (see :func:`will_measure`).
    PostgreSQL's JIT compilation is switched off for the block (see
    ``jit_off``).
    """
    token = uuid.uuid4().hex
    memos = env.cr.cache.setdefault(MEMO_KEY, {})
    periods = tuple(
        dict.fromkeys(
            (fields.Date.to_date(date_from), fields.Date.to_date(date_to))
            for date_from, date_to in periods
        )
    )
    memos[token] = {
        "periods": periods,
        "handlers": frozenset(handlers),
        "results": {},
    }
    try:
        with jit_off(env.cr):
            yield env(context=dict(env.context, **{MEMO_KEY: token}))
    finally:
        memos.pop(token, None)


def _memo(env):
    """The memo of the :func:`shared_results` block of ``env``, or None."""
    return env.cr.cache.get(MEMO_KEY, {}).get(env.context.get(MEMO_KEY))


def will_measure(env, handler):
    """Whether the :func:`shared_results` block of ``env`` declared that it
    measures the built-in KPI ``handler``: a data source's one query may then
    compute that KPI's figures too, rather than leave them to a query of
    their own (see ``_leads_counts``)."""
    memo = _memo(env)
    return memo is not None and handler in memo["handlers"]


def shared(env, key, compute):
    """``compute()``, run once per ``key`` within :func:`shared_results`."""
    memo = _memo(env)
    if memo is None:
        return compute()
    results = memo["results"]
    if key not in results:
        results[key] = compute()
    return results[key]


def shared_periods(env, key, date_from, date_to, compute_many):
    """The result for one period of a query that measures several at once.

    ``compute_many(periods)`` takes a list of ``(date_from, date_to)`` and
    returns ``{period: result}`` from one query. Within :func:`shared_results`
    it runs once per ``key`` for all the periods of the block when the period
    asked is one of them; otherwise (a KPI measured alone, a baseline) for
    this period only. Both give the same result: a period's figures never
    depend on the other periods of the query.
    """
    memo = _memo(env)
    period = (date_from, date_to)
    if memo is not None and period in memo["periods"]:
        return shared(env, key, lambda: compute_many(list(memo["periods"])))[period]
    return shared(env, (key, period), lambda: compute_many([period])[period])
