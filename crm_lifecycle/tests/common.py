# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, time

from odoo import Command
from odoo.tests import TransactionCase, new_test_user


class LifecycleCommon(TransactionCase):
    """A company of its own (USD), a product, and helpers to buy on a date.

    The environment only works in that company, so Odoo's demo orders (in
    other companies) never count.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Lifecycle Co", "currency_id": cls.env.ref("base.USD").id}
        )
        cls.env = cls.env(
            context=dict(
                cls.env.context,
                tracking_disable=True,
                allowed_company_ids=[cls.company.id],
            )
        )
        cls.company = cls.company.with_env(cls.env)
        cls.product = cls.env["product.product"].create(
            {"name": "Lifecycle Widget", "list_price": 1.0, "taxes_id": False}
        )
        cls.salesman = new_test_user(
            cls.env,
            login="lifecycle_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.stages = {
            stage.code: stage for stage in cls.env["crm.lifecycle.stage"].search([])
        }

    @classmethod
    def _role_users(cls):
        """One user per role, all of the test company, set as class
        attributes: ``portal``, ``employee`` (internal, no CRM right),
        ``salesman``, ``sales_manager``, ``lifecycle_user``,
        ``lifecycle_manager``."""
        roles = {
            "portal": "base.group_portal",
            "employee": "base.group_user",
            "sales_manager": "sales_team.group_sale_manager",
            "lifecycle_user": "crm_lifecycle.crm_lifecycle_group_user",
            "lifecycle_manager": "crm_lifecycle.crm_lifecycle_group_manager",
        }
        for role, groups in roles.items():
            setattr(
                cls,
                role,
                new_test_user(
                    cls.env,
                    login=f"lifecycle_{role}",
                    groups=groups,
                    company_id=cls.company.id,
                    company_ids=[cls.company.id],
                ),
            )

    @classmethod
    def _customer(cls, name, **vals):
        return cls.env["res.partner"].create({"name": name, "is_company": True, **vals})

    @classmethod
    def _buy(
        cls, partner, day, amount=100.0, pricelist=None, state="sale", company=None
    ):
        """A sale order of `amount` (untaxed) dated `day` (a date), in
        `company` (default: the test company)."""
        company = company or cls.company
        vals = {
            "partner_id": partner.id,
            "company_id": company.id,
            "date_order": datetime.combine(day, time(10)),
            "state": state,
            "order_line": [
                Command.create(
                    {
                        "product_id": cls.product.id,
                        "product_uom_qty": 1,
                        "price_unit": amount,
                        "tax_id": False,
                    }
                )
            ],
        }
        if pricelist:
            vals["pricelist_id"] = pricelist.id
        return cls.env["sale.order"].with_company(company).create(vals)

    def assertStage(self, partner, code, msg=None):
        partner.invalidate_recordset()
        self.assertEqual(partner.lifecycle_stage_id.code or None, code, msg)

    @staticmethod
    def d(iso):
        return date.fromisoformat(iso)
