# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tools import SQL


def post_init_hook(env):
    _fill_hire_dates(env)


def _fill_hire_dates(env):
    """Existing employees get their creation date as hire date, or the start
    of their first contract when hr_contract is installed."""
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
    env["hr.employee"].invalidate_model(["hire_date"])
