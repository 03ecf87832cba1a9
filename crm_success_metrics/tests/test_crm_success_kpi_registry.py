# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Built-in KPIs are methods of crm.success.kpi; their records follow the code.

Adding and overriding a KPI from another addon is tested by the test addon
test_crm_success_kpi_extension.
"""

from odoo.tests import TransactionCase, tagged
from odoo.tools import SQL


@tagged("post_install", "-at_install")
class TestKpiRegistry(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.Kpi = cls.env["crm.success.kpi"]
        cls.churn = cls.env.ref("crm_success_metrics.kpi_churn_rate")

    def spec(self, kpi):
        return (kpi.kind, kpi.unit, kpi.direction, kpi.significance_test)

    def test_methods_are_the_catalog_of_handlers(self):
        specs = self.Kpi._builtin_specs()
        self.assertEqual(
            specs["churn_rate"],
            {
                "kind": "ratio",
                "unit": "percent",
                "direction": "down",
                "significance_test": "proportion",
            },
        )
        self.assertEqual(set(dict(self.Kpi._selection_handler())), set(specs))
        # only the decorated _kpi_<code> methods: helpers are not KPIs
        self.assertNotIn("sales_customer_counts", specs)

    def test_a_new_builtin_record_takes_its_spec_from_the_code(self):
        kpi = self.Kpi.create(
            {
                "code": "orders_again",
                "name": "Orders again",
                "handler": "orders_count",
                "kind": "stock",
                "unit": "percent",
            }
        )
        self.assertEqual(self.spec(kpi), ("flow", "count", "up", "poisson"))
        kpi.handler = "churn_rate"
        self.assertEqual(self.spec(kpi), ("ratio", "percent", "down", "proportion"))

    def test_a_builtin_record_cannot_be_edited_away_from_its_code(self):
        self.churn.write({"unit": "count", "direction": "up", "kind": "flow"})
        self.assertEqual(
            self.spec(self.churn), ("ratio", "percent", "down", "proportion")
        )

    def test_a_query_kpi_keeps_its_own_spec(self):
        kpi = self.Kpi.create(
            {
                "code": "query_spec",
                "name": "Query spec",
                "source": "query",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "date_field_id": self.env["ir.model.fields"]
                ._get("sale.order", "date_order")
                .id,
                "kind": "stock",
                "unit": "days",
                "direction": "down",
            }
        )
        self.assertEqual(self.spec(kpi), ("stock", "days", "down", "none"))

    def test_update_realigns_records_edited_before(self):
        # a record edited under the previous version, where the spec was data
        self.env.flush_all()
        self.env.cr.execute(
            SQL(
                "UPDATE crm_success_kpi SET unit = 'count', significance_test = 'none'"
                " WHERE id = %s",
                self.churn.id,
            )
        )
        self.churn.invalidate_recordset()
        self.assertEqual(self.churn.unit, "count")
        self.Kpi._update_builtin_specs()
        self.assertEqual(
            self.spec(self.churn), ("ratio", "percent", "down", "proportion")
        )
