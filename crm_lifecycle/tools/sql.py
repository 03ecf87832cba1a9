# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo.tools import SQL

from ..engine.days import DEFAULT_TZ


@contextmanager
def jit_off(cr):
    """Switch PostgreSQL's JIT compilation off within the block, then restore
    the setting. On the one-off bulk statements of the lifecycle recompute
    and the scorecards, compiling costs more than it saves (about a second a
    statement on the benchmarks). An error leaves the restore to the rollback
    that follows it: the aborted transaction would refuse the statement."""
    cr.execute(SQL("SELECT current_setting('jit')"))
    (jit,) = cr.fetchone()
    cr.execute(SQL("SET LOCAL jit = off"))
    yield
    cr.execute(SQL("SELECT set_config('jit', %s, true)", jit))


def local_day(column, tz):
    """SQL: the day, in the time zone ``tz`` (SQL giving a zone name), of the
    UTC timestamp ``column`` (as Odoo stores datetimes); see ``engine.days``.
    Filter the raw column with ``engine.days.utc_bounds`` to keep its index."""
    return SQL("(%s AT TIME ZONE 'UTC' AT TIME ZONE %s)::date", column, tz)


def company_zones():
    """SQL rows (company_id, tz) of every company: the time zone name of its
    days, UTC when unset (see ``res.company._lifecycle_tz``). Join it on a
    row's company to give ``local_day`` its zone."""
    return SQL(
        "SELECT id AS company_id, COALESCE(lifecycle_tz, %s) AS tz FROM res_company",
        DEFAULT_TZ,
    )
