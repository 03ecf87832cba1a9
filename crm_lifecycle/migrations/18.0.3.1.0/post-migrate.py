# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Each purchase knows the days of its customer's previous and next
purchases from the same company: the new columns are filled for every row
(on an upgrade from before 18.0.3.0.0, its script's rebuild did it already
and this one writes nothing)."""

from odoo import SUPERUSER_ID, api
from odoo.tools import SQL


def migrate(cr, version):
    env = api.Environment(cr, SUPERUSER_ID, {})
    env["crm.lifecycle.purchase"]._link_neighbours(SQL("TRUE"))
