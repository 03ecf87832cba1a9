# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from contextlib import contextmanager

from odoo.tools import SQL


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
