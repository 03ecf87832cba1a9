# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL

from ..engine.sql_arrays import array_literal
from ..tools import jit_off


@tagged("post_install", "-at_install")
class TestLifecycleSql(TransactionCase):
    def _jit(self):
        self.env.cr.execute(SQL("SHOW jit"))
        return self.env.cr.fetchone()[0]

    def test_jit_off_restores_the_setting(self):
        self.env.cr.execute(SQL("SET LOCAL jit = on"))
        with jit_off(self.env.cr):
            self.assertEqual(self._jit(), "off")
        self.assertEqual(self._jit(), "on")

    def test_array_literals_reach_postgresql_intact(self):
        texts = ['a,b {c} "d" \\e', None, "<p>Sale Order, 06/30/2025</p>"]
        self.env.cr.execute(SQL("SELECT %s::text[]", array_literal(texts)))
        self.assertEqual(self.env.cr.fetchone()[0], texts)
        self.env.cr.execute(SQL("SELECT %s::int[]", array_literal([3, None, 1])))
        self.assertEqual(self.env.cr.fetchone()[0], [3, None, 1])
