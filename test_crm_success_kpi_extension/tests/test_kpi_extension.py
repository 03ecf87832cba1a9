# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Another addon adds a built-in KPI and overrides two (see models/)."""

from datetime import date

from odoo.tests import tagged

from odoo.addons.crm_success_metrics.tests.common import MARCH, CrmSuccessCase


@tagged("post_install", "-at_install")
class TestKpiExtension(CrmSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        # two quotations sent in March; not counted: one sent in April, one of
        # the other company, F's draft of the common dataset
        cls._order(cls.a, "2025-03-03", [(cls.p1, 10.0)], state="sent")
        cls._order(cls.b, "2025-03-31", [(cls.p2, 20.0)], state="sent")
        cls._order(cls.c, "2025-04-01", [(cls.p1, 30.0)], state="sent")
        cls._order(
            cls.shared,
            "2025-03-10",
            [(cls.p1, 40.0)],
            state="sent",
            company_id=cls.other_company.id,
        )

    def test_added_kpi_is_discovered_and_described_by_its_code(self):
        kpi = self.kpi("quotations_sent")
        self.assertIn("quotations_sent", kpi._builtin_specs())
        self.assertIn("quotations_sent", dict(kpi._selection_handler()))
        self.assertEqual(
            (kpi.kind, kpi.unit, kpi.direction, kpi.significance_test),
            ("flow", "count", "up", "poisson"),
        )

    def test_added_kpi_measures_in_a_scorecard(self):
        self.assertMeasure("quotations_sent", 2.0)
        self.env["crm.success.objective"].create(
            {
                "name": "Quotations",
                "kpi_id": self.kpi("quotations_sent").id,
                "company_id": self.company.id,
                "go_live_date": "2025-03-01",
                "baseline_value": 1.0,
                "target_value": 3.0,
                "target_date": "2025-12-31",
            }
        )
        scorecard = self.env["crm.success.scorecard"].compute_period(
            *MARCH, company=self.company
        )
        line = scorecard.line_ids.filtered(
            lambda line: line.kpi_id.code == "quotations_sent"
        )
        self.assertEqual(line.value, 2.0)

    def test_override_calls_the_builtin_through_super(self):
        # March's confirmed orders: 200 + 300 + 100 + 100 + 100 = 800
        self.assertMeasure("sales_revenue", 800.0)
        self.company.kpi_revenue_in_thousands = True
        self.assertMeasure("sales_revenue", 0.8)
        kpi = self.kpi("sales_revenue")
        # without @kpi the override keeps the built-in's spec
        self.assertEqual((kpi.kind, kpi.unit), ("flow", "currency"))

    def test_override_changes_the_spec_and_keeps_the_figure(self):
        kpi = self.kpi("hires")
        self.assertEqual(kpi.significance_test, "none")
        # the record cannot be edited away from its code
        kpi.write({"significance_test": "poisson", "unit": "percent"})
        self.assertEqual((kpi.significance_test, kpi.unit), ("none", "count"))
        self.env["hr.employee"].create(
            {
                "name": "Trainee",
                "company_id": self.company.id,
                "hire_date": date(2025, 3, 2),
            }
        )
        self.assertMeasure("hires", 1.0)
