# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .sql import jit_off
from .bounds import bounds_problem, check_bounds
