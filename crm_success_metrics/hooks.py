# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL


def pre_init_hook(env):
    """Create hr_employee.hire_date filled for the existing employees before
    the ORM adds it (so it is never set to the install date, and demo data
    loaded afterwards keeps its own hire dates)."""
    env.cr.execute(
        SQL("ALTER TABLE hr_employee ADD COLUMN IF NOT EXISTS hire_date date")
    )
    _fill_hire_dates(env)


def _fill_hire_dates(env):
    """Existing employees get their creation date as hire date, or the start
    of their first contract when hr_contract is installed (raw SQL only: the
    field is not in the registry yet)."""
    env.cr.execute(
        SQL("UPDATE hr_employee SET hire_date = (create_date AT TIME ZONE 'UTC')::date")
    )
    if "hr.contract" in env:
        env["hr.contract"].flush_model(["employee_id", "date_start", "state"])
        env.cr.execute(
            SQL(
                """
                UPDATE hr_employee employee
                   SET hire_date = first.date_start
                  FROM (SELECT employee_id, MIN(date_start) AS date_start
                          FROM hr_contract
                         WHERE state != 'cancel'
                         GROUP BY employee_id) first
                 WHERE first.employee_id = employee.id
                """
            )
        )
