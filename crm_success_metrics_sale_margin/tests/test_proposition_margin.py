# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import Command
from odoo.exceptions import UserError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from odoo.addons.crm_success_metrics.models.crm_success_kpi_propositions import (
    PROPOSITION_KEY,
)
from odoo.addons.crm_success_metrics.tests.common import MARCH, CrmSuccessCase
from odoo.addons.crm_success_metrics.tests.common_drill import DrillMixin


@tagged("post_install", "-at_install")
class TestPropositionMargin(CrmSuccessCase, DrillMixin):
    """The Pareto class A customers A and G (dataset of crm_success_metrics'
    tests/common.py); P1 costs 60, P2 nothing."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE res_partner SET pareto_class = 'A' WHERE id IN %s",
                (cls.a.id, cls.g.id),
            )
        )
        cls.env["res.partner"].invalidate_model(["pareto_class"])
        lines = cls.env["sale.order.line"].search([("product_id", "=", cls.p1.id)])
        lines.purchase_price = 60.0
        cls.proposition = cls.env["crm.value.proposition"].create(
            {
                "name": "Top",
                "company_id": cls.company.id,
                "segment_type": "pareto",
                "pareto_class": "A",
                "product_category_ids": [Command.set(cls.p2.categ_id.ids)],
            }
        )

    def margin(self):
        kpi = self.kpi("proposition_margin").with_context(
            **{PROPOSITION_KEY: self.proposition.id}
        )
        return kpi.compute_value(*MARCH, self.company)

    def test_margin_of_the_segment(self):
        # March: A's order P1 150 - 60 + P2 50 = 140, G's P1 100 - 60 = 40
        self.assertEqual(self.margin()["value"], 180.0)

    def test_drill_down_and_one_query_with_the_others(self):
        codes = ("proposition_margin", "proposition_uptake", "proposition_revenue")
        self.env["crm.success.objective"].create(
            [
                {
                    "name": code,
                    "kpi_id": self.kpi(code).id,
                    "value_proposition_id": self.proposition.id,
                    "company_id": self.company.id,
                    "go_live_date": "2025-03-01",
                    "baseline_value": 1.0,
                    "target_value": 2.0,
                    "target_date": "2025-12-31",
                }
                for code in codes
            ]
        )
        scorecard = self.env["crm.success.scorecard"].compute_period(
            *MARCH, company=self.company
        )
        lines = {line.kpi_id.code: line for line in scorecard.line_ids}
        self.assertEqual(lines["proposition_margin"].value, 180.0)
        self.assertEqual(lines["proposition_revenue"].value, 300.0)
        reader = new_test_user(
            self.env,
            login="margin_reader",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user,"
            "sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertDrillMatches(lines, reader)

    def test_invoices_have_no_margin(self):
        self.company.lifecycle_purchase_source = "invoice"
        with self.assertRaisesRegex(UserError, "Purchases Are to Sales Orders"):
            self.margin()
