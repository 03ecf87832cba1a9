"""Pure-Python lifecycle logic, importable and testable without Odoo."""
