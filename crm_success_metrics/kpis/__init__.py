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
share it through :func:`shared`.
"""

import uuid
from contextlib import contextmanager

from odoo.tools import SQL

from odoo.addons.crm_lifecycle.tools import jit_off

MEMO_KEY = "crm_success_kpi_memo"


def kpi(kind, unit, direction="up", significance_test="none"):
    """Declare the decorated ``_kpi_<code>`` method a built-in KPI.

    What the method measures decides how it is read, so this is written beside
    it, not in the editable KPI record: ``kind`` (``flow``, ``stock`` or
    ``ratio``), ``unit``, ``direction`` (``up`` when higher is better) and the
    ``significance_test`` against the baseline (``none``, ``proportion`` for
    ratios of counts, ``poisson`` for count flows). The values are those of the
    fields of the same names of ``crm.success.kpi``, which copies them onto the
    KPI records (``_apply_builtin_specs``).

    >>> @kpi(kind="flow", unit="count", significance_test="poisson")
    ... def _kpi_orders_count(self, date_from, date_to, company):
    ...     pass
    >>> _kpi_orders_count.kpi_spec["direction"]
    'up'
    """

    def declare(method):
        method.kpi_spec = {
            "kind": kind,
            "unit": unit,
            "direction": direction,
            "significance_test": significance_test,
        }
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
def shared_results(env):
    """Yield an environment whose handlers share query results (see :func:`shared`).

    Scorecards measure all their KPIs within one such block; data cannot change
    meanwhile, so KPIs built on the same query (retention and churn, the sales
    totals...) run it once. PostgreSQL's JIT compilation is switched off for the
    block (see ``jit_off``).
    """
    token = uuid.uuid4().hex
    memos = env.cr.cache.setdefault(MEMO_KEY, {})
    memos[token] = {}
    try:
        with jit_off(env.cr):
            yield env(context=dict(env.context, **{MEMO_KEY: token}))
    finally:
        memos.pop(token, None)


def shared(env, key, compute):
    """``compute()``, run once per ``key`` within :func:`shared_results`."""
    memo = env.cr.cache.get(MEMO_KEY, {}).get(env.context.get(MEMO_KEY))
    if memo is None:
        return compute()
    if key not in memo:
        memo[key] = compute()
    return memo[key]
