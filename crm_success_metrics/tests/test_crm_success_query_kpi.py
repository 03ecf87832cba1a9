# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Query KPIs: who may define them, on what, and who may compute them.

A query KPI reads business models of an allow-list only; its author must be
able to read the model; it is evaluated the same way whoever computes it.
"""

from odoo.exceptions import AccessError, ValidationError
from odoo.service.model import get_public_method
from odoo.tests import Form, new_test_user, tagged
from odoo.tools import SQL

from .common import MARCH, CrmSuccessCase


@tagged("post_install", "-at_install")
class TestQueryKpiSecurity(CrmSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # A CRM-success manager who also sells (own orders only): may define
        # KPIs on sales orders, not on invoices.
        cls.author = new_test_user(
            cls.env,
            login="query_kpi_author",
            groups="base.group_user,sales_team.group_sale_salesman,"
            "crm_success_metrics.crm_success_metrics_group_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.Kpi = cls.env["crm.success.kpi"]
        cls.order_fields = cls.env["ir.model.fields"]._get_ids("sale.order")

    def _definition(self, model="sale.order", date_field="date_order", **vals):
        return {
            "code": "test_query_security",
            "name": "Query",
            "source": "query",
            "model_id": self.env["ir.model"]._get_id(model),
            "date_field_id": self.env["ir.model.fields"]._get_ids(model)[date_field],
            "domain": "[('state', '=', 'sale')]" if model == "sale.order" else "[]",
            "aggregate": "count",
            **vals,
        }

    def _assert_refused(self, error_class, kpi_model, values, message=None):
        count = kpi_model.search_count([])
        with self.assertRaises(error_class) as caught:
            kpi_model.create(values)
        self.assertEqual(kpi_model.search_count([]), count)
        if message:
            self.assertIn(message, str(caught.exception))

    def test_manager_defines_and_computes_a_query_kpi_in_the_form(self):
        # no Settings rights: the form offers the allowed models and their fields
        order_model = self.env["ir.model"]._get("sale.order")
        self.assertEqual(
            self.env["ir.model"]
            .with_user(self.author)
            .name_search("Sales Order", [("model", "=", "sale.order")]),
            [(order_model.id, "Sales Order")],
        )
        with Form(self.Kpi.with_user(self.author)) as form:
            form.name = "Confirmed orders"
            form.code = "test_form_query"
            form.source = "query"
            form.model_id = order_model
            form.date_field_id = self.env["ir.model.fields"].browse(
                self.order_fields["date_order"]
            )
            form.domain = "[('state', '=', 'sale')]"
            form.aggregate = "count"
        kpi = form.record
        # confirmed March orders of the company (A, D, D1, E, G), including the
        # ones of other salesmen: the KPI measures the company, not the author
        self.assertEqual(kpi.compute_value(*MARCH, self.company)["value"], 5.0)

    def test_only_business_models_of_the_allow_list(self):
        Kpi = self.Kpi  # even the superuser cannot define these
        for model, date_field in (
            ("ir.config_parameter", "create_date"),
            ("res.users", "create_date"),
            ("res.groups", "create_date"),
            ("mail.message", "date"),
        ):
            with self.subTest(model=model):
                self._assert_refused(
                    ValidationError,
                    Kpi,
                    self._definition(model, date_field),
                    "cannot be measured",
                )
        # nor reach them through a relation of an allowed model
        self._assert_refused(
            ValidationError,
            Kpi,
            self._definition(domain="[('user_id.login', 'like', 'a%')]"),
        )
        self._assert_refused(
            ValidationError,
            Kpi,
            self._definition(
                domain="[('user_id', 'any', [('login', 'like', 'a%')])]",
            ),
        )
        self._assert_refused(
            ValidationError,
            Kpi,
            self._definition(
                denominator_model_id=self.env["ir.model"]._get_id(
                    "ir.config_parameter"
                ),
                denominator_date_field_id=self.env["ir.model.fields"]._get_ids(
                    "ir.config_parameter"
                )["create_date"],
            ),
        )
        # a name compared to a relation searches the related model: users no,
        # customers yes; ids are fine for any relation
        self._assert_refused(
            ValidationError, Kpi, self._definition(domain="[('user_id', 'ilike', 'a')]")
        )
        self.assertTrue(
            Kpi.create(
                self._definition(
                    domain="[('partner_id', 'ilike', 'A'), ('user_id', 'in', [2])]"
                )
            )
        )

    def test_allowed_models_are_kept_to_a_company(self):
        # the company forced on the records is what isolates the companies
        for model in self.Kpi._query_models():
            with self.subTest(model=model):
                self.assertTrue(self.env[model]._fields["company_id"].store)

    def test_a_forbidden_model_is_not_evaluated(self):
        kpi = self.Kpi.create(self._definition())
        # a definition changed behind the ORM's back (or before this rule)
        self.env.cr.execute(
            SQL(
                "UPDATE crm_success_kpi SET model_id = %s, date_field_id = %s,"
                " domain = %s WHERE id = %s",
                self.env["ir.model"]._get_id("ir.config_parameter"),
                self.env["ir.model.fields"]._get_ids("ir.config_parameter")[
                    "create_date"
                ],
                "[('key', '=like', 'database.secret')]",
                kpi.id,
            )
        )
        kpi.invalidate_recordset()
        with self.assertRaises(ValidationError):
            kpi.compute_value("2000-01-01", "2100-01-01", self.company)

    def test_author_must_read_the_model(self):
        # the plain CRM-success manager neither sells nor invoices
        Kpi = self.Kpi.with_user(self.manager)
        self._assert_refused(AccessError, Kpi, self._definition(), "Sales Order")
        self._assert_refused(
            AccessError,
            Kpi,
            self._definition("account.move", "date", domain="[]"),
            "Journal Entry",
        )

    def test_fields_must_exist_be_stored_and_values_valid(self):
        Kpi = self.Kpi.with_user(self.author)
        for domain in (
            "[('no_such_field', '=', 1)]",
            "[('amount_undiscounted', '>', 100)]",  # not stored: ignored by SQL
            "[('partner_id.display_name', 'ilike', 'A')]",
            "[('date_order', '>=', '2026-02-30')]",
            "[('date_order', '>=', '0000-01-01 00:00:00')]",
            "[('validity_date', 'in', ['2026-01-01', '2026-13-01'])]",
            "[('amount_total', '>', 'a lot')]",
            "[('name', '=', 'S\\x00001')]",
            "[('name', '=', 'S\x00')]",
        ):
            with self.subTest(domain=domain):
                self._assert_refused(
                    ValidationError, Kpi, self._definition(domain=domain)
                )
        # a valid date and a related path through allowed models are fine
        kpi = Kpi.create(
            self._definition(
                domain="[('state', '=', 'sale'), ('date_order', '>=', '2025-03-10'),"
                " ('partner_id.name', '!=', 'G')]"
            )
        )
        # D 03-10, D1 03-20, E 03-25 (not A 03-05, nor G)
        self.assertEqual(kpi.compute_value(*MARCH, self.company)["value"], 3.0)

    def test_cron_and_manager_compute_the_same_line(self):
        kpi = self.Kpi.create(self._definition())
        self.env["crm.success.objective"].create(
            {
                "name": "Confirmed orders",
                "kpi_id": kpi.id,
                "company_id": self.company.id,
                "go_live_date": "2025-03-01",
                "baseline_value": 3.0,
                "target_value": 6.0,
                "target_date": "2025-12-31",
            }
        )
        Scorecard = self.env["crm.success.scorecard"]
        self.env.invalidate_all()  # a manager's request starts with a cold cache
        by_manager = Scorecard.with_user(self.manager).compute_period(*MARCH)
        line = by_manager.line_ids.filtered(lambda line: line.kpi_id == kpi)
        self.assertEqual((line.error_message, line.value), (False, 5.0))
        # the scheduled action runs as the superuser: same definition, same number
        by_cron = Scorecard.compute_period(*MARCH, company=self.company)
        self.assertEqual(by_cron, by_manager)
        line = by_cron.line_ids.filtered(lambda line: line.kpi_id == kpi)
        self.assertEqual((line.error_message, line.value), (False, 5.0))

    def test_success_user_cannot_define_kpis(self):
        self._assert_refused(
            AccessError, self.Kpi.with_user(self.user), self._definition()
        )

    def test_compute_value_is_not_callable_over_rpc(self):
        with self.assertRaises(AccessError):
            get_public_method(self.Kpi.with_user(self.manager), "compute_value")
