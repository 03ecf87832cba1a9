# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Registry of the built-in KPI handlers (extensible like mis_builder's aep).

How to add a KPI
----------------
Write a function in a module of this package (one module per business domain)
and register it under the KPI's ``code``::

    from . import kpi_handler, ratio

    @kpi_handler("orders_count")
    def orders_count(env, date_from, date_to, company):
        ...
        return measure(42)

- ``env``: an Odoo environment (the handler may use ``env.cr`` and
  ``odoo.tools.SQL``; flush the models it reads first);
- ``date_from``, ``date_to``: ``datetime.date``, both inclusive;
- ``company``: one ``res.company`` record; amounts are in its currency.

It returns ``{"value", "numerator", "denominator"}``; ``value`` is ``None``
when there is nothing to measure (e.g. a ratio with a zero denominator).
Build the dict with :func:`measure` or :func:`ratio`. A handler must run a
bounded number of set-based queries, whatever the volume of data.

Then add a ``crm.success.kpi`` record with ``source = "builtin"`` and
``handler`` set to the code; import the new module at the bottom of this file.
"""

import uuid
from contextlib import contextmanager

from odoo.tools import SQL

from odoo.addons.crm_lifecycle.tools import jit_off

HANDLERS = {}
MEMO_KEY = "crm_success_kpi_memo"


def kpi_handler(code):
    """Register the decorated function as the handler of the KPI ``code``."""

    def register(function):
        known = HANDLERS.get(code)
        if known and known.__qualname__ != function.__qualname__:
            raise ValueError(f"KPI handler {code!r} is already registered")
        HANDLERS[code] = function
        return function

    return register


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


from . import sales  # noqa: E402
from . import leads  # noqa: E402
from . import complaints  # noqa: E402
from . import lifecycle  # noqa: E402
from . import accounting  # noqa: E402
from . import service  # noqa: E402
from . import surveys  # noqa: E402
from . import employees  # noqa: E402
