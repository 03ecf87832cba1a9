# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import Counter

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
        # + four on value propositions (value proposition demo)
        self.assertEqual(len(objectives), 22)
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
        self.assertEqual({len(s.line_ids) for s in scorecards}, {22})
        # Declared trade-off pairs are symmetric.
        orders = self.env.ref("crm_success_metrics.objective_orders_count")
        baskets = self.env.ref("crm_success_metrics.objective_average_order_value")
        self.assertEqual(orders.conflict_objective_ids, baskets)
        self.assertEqual(baskets.conflict_objective_ids, orders)

    def test_demo_tells_a_believable_story(self):
        """Issue #12.10: over the six closed months since go-live the lines
        show a mix of statuses, a trade-off, no progress beyond ±300 % and no
        objective without data every month, whatever the day the demo was
        installed (targets beyond the monthly noise: _demo_target; closed
        opportunities by calendar month: _demo_close_opportunities)."""
        company = self.env.ref("base.main_company")
        lines = self.env["crm.success.scorecard.line"].search(
            [
                ("scorecard_id.company_id", "=", company.id),
                ("scorecard_id.period_type", "=", "month"),
            ]
        )
        self.assertEqual(len(lines), 6 * 22)
        statuses = Counter(lines.mapped("status"))
        share = {status: count / len(lines) for status, count in statuses.items()}
        # some achieved, not all: between a fifth and three quarters
        self.assertGreaterEqual(share.get("achieved", 0), 0.2, statuses)
        self.assertLessEqual(share.get("achieved", 0), 0.75, statuses)
        # some on track or at risk, on the way to their targets
        on_the_way = share.get("on_track", 0) + share.get("at_risk", 0)
        self.assertGreaterEqual(on_the_way, 0.1, statuses)
        # off track: at least one line, at most three in ten
        self.assertGreaterEqual(statuses["off_track"], 1, statuses)
        self.assertLessEqual(share.get("off_track", 0), 0.3, statuses)
        self.assertFalse(statuses["error"], statuses)
        self.assertTrue(lines.filtered("tradeoff_warning"), "a visible trade-off")
        beyond = lines.filtered(
            lambda line: (
                line.status not in ("no_data", "error") and abs(line.progress_pct) > 300
            )
        )
        self.assertFalse(
            [(line.objective_id.name, line.progress_pct) for line in beyond]
        )
        measured = lines.filtered(lambda line: line.status != "no_data").objective_id
        self.assertEqual(
            measured, lines.objective_id, "an objective without data every month"
        )
