# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Finding 8: the computed customer figures cannot be written over RPC."""

from freezegun import freeze_time

from odoo.exceptions import UserError
from odoo.tests import tagged

from ..models.res_partner import LIFECYCLE_FIGURES, PORTFOLIO_FIGURES
from .common import LifecycleCommon

# every figure the bulk writers set
FIGURES = set(LIFECYCLE_FIGURES + PORTFOLIO_FIGURES)


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestLifecycleFigures(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._role_users()
        cls.customer = cls._customer("Figured", email="figured@example.com")
        cls._buy(cls.customer, cls.d("2025-06-01"), amount=250.0)
        cls.env["res.partner"]._lifecycle_refresh_portfolio()

    def _forged(self, name):
        """A value of field ``name`` other than the customer's"""
        field = self.customer._fields[name]
        if field.type == "selection":
            return field.get_values(self.env)[0]
        return {
            "many2one": self.stages["advocate"].id,
            "date": "1999-01-01",
            "integer": 99,
            "float": 1e6,
            "monetary": 1e6,
            "char": "forged",
        }[field.type]

    def test_salesman_cannot_write_figures(self):
        # the finding's examples among them
        self.assertLessEqual(
            {"lifecycle_stage_id", "lifetime_revenue", "rfm_segment", "pareto_class"},
            FIGURES,
        )
        before = self.customer.read(sorted(FIGURES))[0]
        as_salesman = self.customer.with_user(self.salesman)
        for name in sorted(FIGURES):
            with self.subTest(field=name), self.assertRaises(UserError) as caught:
                as_salesman.write({name: self._forged(name)})
            label = self.customer._fields[name].get_description(self.env)["string"]
            self.assertIn(label, str(caught.exception))
        # with another field too: nothing of the write is done
        with self.assertRaises(UserError):
            as_salesman.write({"phone": "+1 555 0100", "rfm_segment": "champions"})
        self.customer.invalidate_recordset()
        self.assertEqual(self.customer.read(sorted(FIGURES))[0], before)
        self.assertFalse(self.customer.phone)
        as_salesman.write({"phone": "+1 555 0100"})  # the rest stays writable

    def test_salesman_cannot_create_with_figures(self):
        partners = self.env["res.partner"].search_count([])
        for name in ("lifecycle_stage_id", "lifetime_revenue", "pareto_class"):
            with self.subTest(field=name), self.assertRaises(UserError):
                self.env["res.partner"].with_user(self.salesman).create(
                    {"name": "Forged", name: self._forged(name)}
                )
        self.assertEqual(self.env["res.partner"].search_count([]), partners)

    def test_managers_neither(self):
        for user in (self.sales_manager, self.lifecycle_manager):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                self.customer.with_user(user).write({"lifetime_revenue": 1.0})
        self.assertEqual(self.customer.lifetime_revenue, 250.0)

    def test_the_bulk_writers_still_write(self):
        self.assertStage(self.customer, "new")
        self.assertEqual(self.customer.order_count, 1)
        self.assertTrue(self.customer.rfm_segment)
        self.assertTrue(self.customer.pareto_class)
