# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCrmSuccessDemo(TransactionCase):
    """The demo data: ten objectives going live six months ago, six scorecards."""

    def setUp(self):
        super().setUp()
        if not self.env.ref("crm_success_metrics.objective_orders_count", False):
            self.skipTest("installed without demo data")

    def test_demo_objectives_and_scorecards(self):
        company = self.env.ref("base.main_company")
        objectives = self.env["crm.success.objective"].search(
            [("company_id", "=", company.id)]
        )
        # ten sales objectives + eight on the evidence sources (evidence demo)
        self.assertEqual(len(objectives), 18)
        first_of_month = fields.Date.context_today(company).replace(day=1)
        self.assertEqual(
            set(objectives.mapped("go_live_date")),
            {first_of_month - relativedelta(months=6)},
        )
        # The six closed months before the current one, one line per objective.
        scorecards = self.env["crm.success.scorecard"].search(
            [("company_id", "=", company.id), ("period_type", "=", "month")],
            order="date_from",
        )
        self.assertEqual(
            scorecards.mapped("date_from"),
            [first_of_month - relativedelta(months=n) for n in range(6, 0, -1)],
        )
        self.assertEqual({len(s.line_ids) for s in scorecards}, {18})
        # Declared trade-off pairs are symmetric.
        orders = self.env.ref("crm_success_metrics.objective_orders_count")
        baskets = self.env.ref("crm_success_metrics.objective_average_order_value")
        self.assertEqual(orders.conflict_objective_ids, baskets)
        self.assertEqual(baskets.conflict_objective_ids, orders)
