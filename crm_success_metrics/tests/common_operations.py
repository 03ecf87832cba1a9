# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.tests import TransactionCase, new_test_user


class CrmSuccessOperationsCase(TransactionCase):
    """A company of our own with an orders objective and a few confirmed orders.

    Scorecard operations (cron, mail, XLSX) are tested on it; Odoo's demo data
    and the addon's demo objectives live in other companies.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls._create_company("Success Ops Co")
        cls.manager = new_test_user(
            cls.env,
            login="success_ops_manager",
            email="manager@success-ops.example.com",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.customer = cls.env["res.partner"].create({"name": "Ops Customer"})
        cls.product = cls.env["product.product"].create(
            {"name": "Ops Service", "type": "service", "list_price": 100.0}
        )
        cls.orders_kpi = cls.env["crm.success.kpi"].search(
            [("code", "=", "orders_count")]
        )
        cls.objective = cls._create_objective(cls.company, "More orders")

    @classmethod
    def _create_company(cls, name):
        return cls.env["res.company"].create(
            {"name": name, "currency_id": cls.env.ref("base.USD").id}
        )

    @classmethod
    def _create_objective(cls, company, name, kpi=None):
        # Baseline: 365 orders over the 365 days of 2025, i.e. 1 a day.
        return cls.env["crm.success.objective"].create(
            {
                "name": name,
                "kpi_id": (kpi or cls.orders_kpi).id,
                "company_id": company.id,
                "go_live_date": "2026-01-01",
                "baseline_date_from": "2025-01-01",
                "baseline_date_to": "2025-12-31",
                "baseline_value": 365.0,
                "target_value": 730.0,
                "target_date": "2026-12-31",
            }
        )

    @classmethod
    def _confirmed_order(cls, company, date_order, price=100.0):
        order = (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": cls.customer.id,
                    "company_id": company.id,
                    "order_line": [
                        (0, 0, {"product_id": cls.product.id, "price_unit": price})
                    ],
                }
            )
        )
        order.action_confirm()
        order.date_order = date_order
        return order
