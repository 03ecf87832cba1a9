# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Pure-Python logic of crm_lifecycle (no Odoo imports)."""
