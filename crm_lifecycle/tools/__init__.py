# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from .sql import company_zones, jit_off, local_day
from .bounds import bounds_problem, check_bounds
