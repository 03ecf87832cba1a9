# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from odoo import Command
from odoo.tests import new_test_user, tagged

from odoo.addons.account.tests.common import AccountTestInvoicingCommon

from .common import KpiPeriodsMixin
from .common_drill import DrillMixin

JAN = (date(2026, 1, 1), date(2026, 1, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))


@tagged("post_install", "-at_install")
class TestAccountingKpis(AccountTestInvoicingCommon, KpiPeriodsMixin, DrillMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.company_data["company"]
        # the accountant user of the common class also reads the success catalog
        cls.env.user.groups_id += cls.env.ref(
            "crm_success_metrics.crm_success_metrics_group_user"
        )
        promotion = cls.env.ref("crm_success_metrics.account_tag_promotion_spend")
        service = cls.env.ref("crm_success_metrics.account_tag_service_cost")

        def account(code, account_type, tag=None):
            return cls.env["account.account"].create(
                {
                    "name": f"KPI {code}",
                    "code": code,
                    "account_type": account_type,
                    "tag_ids": [Command.set(tag.ids if tag else [])],
                    "company_ids": [Command.set(cls.company.ids)],
                }
            )

        cls.sales = account("KPI701", "income")
        cls.other_income = account("KPI758", "income_other")
        cls.promotion = account("KPI623", "expense", promotion)
        cls.service = account("KPI628", "expense", service)
        cls.cost = account("KPI607", "expense_direct_cost")
        cls.cash = account("KPI512", "asset_current")

        def entry(when, lines, post=True):
            move = cls.env["account.move"].create(
                {
                    "move_type": "entry",
                    "date": when,
                    "journal_id": cls.company_data["default_journal_misc"].id,
                    "line_ids": [
                        Command.create(
                            {
                                "account_id": acc.id,
                                "debit": max(amount, 0.0),
                                "credit": max(-amount, 0.0),
                            }
                        )
                        for acc, amount in lines
                        + [(cls.cash, -sum(a for _x, a in lines))]
                    ],
                }
            )
            if post:
                move.action_post()

        entry("2026-01-05", [(cls.sales, -1000.0), (cls.other_income, -200.0)])
        entry(
            "2026-01-20",
            [(cls.promotion, 150.0), (cls.service, 80.0), (cls.cost, 300.0)],
        )
        entry("2026-01-21", [(cls.sales, -5000.0)], post=False)  # draft: ignored
        entry("2026-02-01", [(cls.sales, -700.0), (cls.promotion, 99.0)])  # next period

    def test_invoiced_revenue_and_profit(self):
        # revenue: 1000 + 200 = 1200; profit: 1200 - 150 - 80 - 300 = 670
        result = self.env["crm.success.kpi"]._kpi_invoiced_revenue(*JAN, self.company)
        self.assertAlmostEqual(result["value"], 1200.0)
        result = self.env["crm.success.kpi"]._kpi_net_profit(*JAN, self.company)
        self.assertAlmostEqual(result["value"], 670.0)

    def test_alone_and_in_a_scorecard(self):
        codes = ["invoiced_revenue", "net_profit", "service_cost"]
        results = self.assertSameAloneAndTogether(
            [*codes, "promotion_spend_ratio"], [JAN, FEB], self.company
        )
        # January as in the other tests; February: 700 of sales, 99 of promotion
        january, february = results[JAN], results[FEB]
        self.assertEqual([january[code]["value"] for code in codes], [1200, 670, 80])
        self.assertEqual([february[code]["value"] for code in codes], [700, 601, 0])
        self.assertAlmostEqual(january["promotion_spend_ratio"]["value"], 12.5)
        self.assertAlmostEqual(
            february["promotion_spend_ratio"]["value"], 99 / 700 * 100
        )

    def test_drill_down_opens_the_journal_items_summed(self):
        """A read-only accountant who reads the success catalog opens the
        posted journal items whose balances make each line's amount."""
        codes = [
            "invoiced_revenue",
            "net_profit",
            "promotion_spend",
            "promotion_spend_ratio",
            "service_cost",
        ]
        lines = self.drill_lines(codes, JAN, self.company)
        auditor = new_test_user(
            self.env,
            login="drill_auditor",
            groups="crm_success_metrics.crm_success_metrics_group_user,"
            "account.group_account_readonly",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertEqual(lines["net_profit"].numerator, 670.0)
        self.assertDrillMatches(lines, auditor)

    def test_promotion_spend_and_ratio(self):
        self.assertAlmostEqual(
            self.env["crm.success.kpi"]._kpi_promotion_spend(*JAN, self.company)[
                "value"
            ],
            150.0,
        )
        # 150 / 1200 x 100 = 12.5 %, through the catalog record
        kpi = self.env.ref("crm_success_metrics.kpi_promotion_spend_ratio")
        result = kpi.compute_value(*JAN, self.company)
        self.assertEqual((result["numerator"], result["denominator"]), (150.0, 1200.0))
        self.assertAlmostEqual(result["value"], 12.5)

    def test_service_cost_per_contact(self):
        queued = datetime(2026, 1, 12, 9, 0)
        self.env["crm.service.contact"].create(
            [
                {"queued_at": queued, "company_id": self.company.id, "direction": d}
                for d in ("inbound", "inbound", "inbound", "outbound")
            ]
            + [{"queued_at": queued, "company_id": self.company.id, "abandoned": True}]
        )
        self.assertAlmostEqual(
            self.env["crm.success.kpi"]._kpi_service_cost(*JAN, self.company)["value"],
            80.0,
        )
        # 80 / 4 handled contacts (the abandoned one is not handled) = 20
        result = self.env["crm.success.kpi"]._kpi_service_cost_per_contact(
            *JAN, self.company
        )
        self.assertAlmostEqual(result["value"], 20.0)

    def test_customer_acquisition_cost(self):
        old, new_a, new_b = self.env["res.partner"].create(
            [{"name": "Old customer"}, {"name": "New A"}, {"name": "New B"}]
        )
        for partner, when in (
            (old, datetime(2025, 6, 1)),
            (old, datetime(2026, 1, 8)),
            (new_a, datetime(2026, 1, 9)),
            (new_b, datetime(2026, 1, 30)),
        ):
            order = self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "order_line": [Command.create({"product_id": self.product_a.id})],
                }
            )
            order.action_confirm()
            order.date_order = when
        # promotion spend 150 / 2 new customers (New A, New B) = 75
        result = self.env["crm.success.kpi"]._kpi_customer_acquisition_cost(
            *JAN, self.company
        )
        self.assertEqual(result["denominator"], 2)
        self.assertAlmostEqual(result["value"], 75.0)
