# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Campaign return: the KPIs, the analysis and the campaign costs.

Company "Campaign KPI Co" (USD, purchases are its confirmed orders), campaigns
C1 (source S1, medium M1) and C2 (source S2, medium M2). Confirmed orders
(untaxed), the campaign of each on its order:

- A: 2026-01-05 100 (C1); 2026-06-01 50; 2027-01-10 70 (after its first year)
- B: 2026-01-10 200 (C2); 2026-01-20 300
- C: 2026-01-15 80 (no campaign)
- D: 2025-12-01 60 (C1), 2026-01-12 40: a customer since December
- the other company's new customer of January from C1: 500

Costs: C1 2026-01-03 300, C2 2026-01-31 100, C1 2026-02-01 50, and the
other company's 999 on C1 in January.

Leads: L1 (C1/S1/M1) opportunity created 2026-01-04, won 2026-01-20; L2
(C1/S1/M1) a lead created 2026-01-06; L3 (C2/S2/M2) an opportunity created
2026-01-08, lost (archived).
"""

from datetime import date, datetime

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged

from .common import KpiPeriodsMixin, set_columns
from .common_drill import DrillMixin

JAN = (date(2026, 1, 1), date(2026, 1, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))
CODES = [
    "campaign_customer_share",
    "campaign_cost_per_new_customer",
    "campaign_return_on_spend",
]


@tagged("post_install", "-at_install", "is_query_count")
class TestCampaignKpis(TransactionCase, KpiPeriodsMixin, DrillMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        usd = cls.env.ref("base.USD")
        cls.company = cls.env["res.company"].create(
            {"name": "Campaign KPI Co", "currency_id": usd.id}
        )
        cls.other_company = cls.env["res.company"].create(
            {"name": "Campaign Other Co", "currency_id": usd.id}
        )
        (cls.company | cls.other_company).lifecycle_purchase_source = "sale_order"
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id])
        )
        cls.user = new_test_user(
            cls.env,
            login="campaign_success_user",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        Utm = cls.env["utm.campaign"]
        cls.c1 = Utm.create({"title": "Campaign C1 test"})
        cls.c2 = Utm.create({"title": "Campaign C2 test"})
        cls.s1 = cls.env["utm.source"].create({"name": "Source S1 test"})
        cls.s2 = cls.env["utm.source"].create({"name": "Source S2 test"})
        cls.m1 = cls.env["utm.medium"].create({"name": "Medium M1 test"})
        cls.m2 = cls.env["utm.medium"].create({"name": "Medium M2 test"})
        cls.utm1 = {
            "campaign_id": cls.c1.id,
            "source_id": cls.s1.id,
            "medium_id": cls.m1.id,
        }
        cls.utm2 = {
            "campaign_id": cls.c2.id,
            "source_id": cls.s2.id,
            "medium_id": cls.m2.id,
        }
        cls.product = cls.env["product.product"].create(
            {"name": "Campaign product", "type": "service", "taxes_id": False}
        )

        def customer(name, company=cls.company):
            return cls.env["res.partner"].create(
                {"name": name, "is_company": True, "company_id": company.id}
            )

        cls.a, cls.b, cls.c, cls.d = (customer(name) for name in "ABCD")
        order = cls._order
        order(cls.a, "2026-01-05", 100, **cls.utm1)
        order(cls.a, "2026-06-01", 50)
        order(cls.a, "2027-01-10", 70)
        order(cls.b, "2026-01-10", 200, **cls.utm2)
        order(cls.b, "2026-01-20", 300)
        order(cls.c, "2026-01-15", 80)
        order(cls.d, "2025-12-01", 60, **cls.utm1)
        order(cls.d, "2026-01-12", 40)
        theirs = customer("Theirs", cls.other_company)
        order(theirs, "2026-01-07", 500, company=cls.other_company, **cls.utm1)
        Cost = cls.env["crm.campaign.cost"]
        for campaign, day, amount, company in [
            (cls.c1, "2026-01-03", 300, cls.company),
            (cls.c2, "2026-01-31", 100, cls.company),
            (cls.c1, "2026-02-01", 50, cls.company),
            (cls.c1, "2026-01-15", 999, cls.other_company),
        ]:
            Cost.create(
                {
                    "campaign_id": campaign.id,
                    "date": day,
                    "amount": amount,
                    "company_id": company.id,
                }
            )
        won_stage = cls.env["crm.stage"].search([("is_won", "=", True)], limit=1)
        Lead = cls.env["crm.lead"]
        cls.l1 = Lead.create(
            {
                "name": "L1",
                "type": "opportunity",
                "company_id": cls.company.id,
                **cls.utm1,
            }
        )
        cls.l2 = Lead.create(
            {"name": "L2", "type": "lead", "company_id": cls.company.id, **cls.utm1}
        )
        cls.l3 = Lead.create(
            {
                "name": "L3",
                "type": "opportunity",
                "company_id": cls.company.id,
                **cls.utm2,
            }
        )
        cls.l1.stage_id = won_stage
        cls.l3.action_set_lost()
        for lead, created in [
            (cls.l1, "2026-01-04 12:00:00"),
            (cls.l2, "2026-01-06 12:00:00"),
            (cls.l3, "2026-01-08 12:00:00"),
        ]:
            set_columns(lead, create_date=created)
        set_columns(cls.l1, date_closed="2026-01-20 12:00:00")

    @classmethod
    def _order(cls, partner, day, amount, company=None, **utm):
        company = company or cls.company
        return (
            cls.env["sale.order"]
            .with_company(company)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company.id,
                    "date_order": datetime.fromisoformat(day).replace(hour=12),
                    "state": "sale",
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": cls.product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": False,
                            },
                        )
                    ],
                    **utm,
                }
            )
        )

    def measure(self, code, period=JAN):
        kpi = self.env["crm.success.kpi"].search([("code", "=", code)])
        return kpi.compute_value(*period, self.company)

    # ------------------------------------------------------------------
    # KPIS
    # ------------------------------------------------------------------
    def test_campaign_customer_share(self):
        # new in January: A, B, C (D bought in December); from a campaign:
        # A (C1) and B (C2) -> 2 / 3
        result = self.measure("campaign_customer_share")
        self.assertEqual((result["numerator"], result["denominator"]), (2.0, 3.0))
        self.assertAlmostEqual(result["value"], 200 / 3)
        # February: no new customer, no share
        self.assertIsNone(self.measure("campaign_customer_share", FEB)["value"])

    def test_campaign_cost_per_new_customer(self):
        # costs of January: 300 (C1) + 100 (C2) = 400; the other company's
        # 999 and February's 50 apart; 2 new customers from a campaign -> 200
        result = self.measure("campaign_cost_per_new_customer")
        self.assertEqual((result["numerator"], result["denominator"]), (400.0, 2.0))
        self.assertAlmostEqual(result["value"], 200.0)
        # February: 50 spent, no new customer from a campaign
        result = self.measure("campaign_cost_per_new_customer", FEB)
        self.assertEqual(result["numerator"], 50.0)
        self.assertIsNone(result["value"])

    def test_campaign_return_on_spend(self):
        # first year of A: 100 + 50 (the order of 2027-01-10 comes after
        # 2027-01-04, its last day); of B: 200 + 300; C has no campaign:
        # 650 / 400 x 100 = 162.5 %
        result = self.measure("campaign_return_on_spend")
        self.assertEqual((result["numerator"], result["denominator"]), (650.0, 400.0))
        self.assertAlmostEqual(result["value"], 162.5)
        # February: nothing earned on 50 spent
        self.assertAlmostEqual(
            self.measure("campaign_return_on_spend", FEB)["value"], 0
        )

    def test_one_query_for_the_campaign_kpis_of_a_scorecard(self):
        # the purchases brought up to date (one query when nothing is
        # pending), then one query for both periods
        self.assertScorecardQueries(CODES, [JAN, FEB], self.company, 2)

    def test_alone_and_in_a_scorecard(self):
        results = self.assertSameAloneAndTogether(CODES, [JAN, FEB], self.company)
        self.assertAlmostEqual(results[JAN]["campaign_return_on_spend"]["value"], 162.5)

    def test_drill_down(self):
        lines = self.drill_lines(CODES, JAN, self.company)
        # the numerator of the return is the first-year revenue: 650
        self.assertAlmostEqual(lines["campaign_return_on_spend"].numerator, 650.0)
        # a success user who sees all the leads and orders (and so the
        # purchases behind the first-year revenue)
        reader = new_test_user(
            self.env,
            login="campaign_drill_reader",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user,"
            "sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertDrillMatches(lines, reader)

    # ------------------------------------------------------------------
    # THE ANALYSIS
    # ------------------------------------------------------------------
    def test_campaign_return_analysis(self):
        Report = self.env["crm.campaign.report"].with_user(self.user)
        fields = [
            "leads:sum",
            "opportunities:sum",
            "won:sum",
            "new_customers:sum",
            "first_year_revenue:sum",
            "cost:sum",
            "cost_per_lead:sum",
            "cost_per_customer:sum",
            "return_on_spend:sum",
        ]
        january = [("date", "=", "2026-01-01")]
        rows = {
            campaign: values
            for campaign, *values in Report._read_group(
                january, groupby=["campaign_id"], aggregates=fields
            )
        }
        # C1: leads L1, L2, of which L1 an opportunity, won; new customer A
        # with 150 of first-year revenue; cost 300: 150 per lead, 300 per
        # customer, 150 / 300 = 50 %
        self.assertEqual(rows[self.c1], [2, 1, 1, 1, 150.0, 300.0, 150.0, 300.0, 50.0])
        # C2: L3 (lost: a lead and an opportunity all the same); B 500; 100
        self.assertEqual(rows[self.c2], [1, 1, 0, 1, 500.0, 100.0, 100.0, 100.0, 500.0])
        # no campaign: C, with 80 (the other company's 500 and 999 unseen)
        empty = self.env["utm.campaign"]
        self.assertEqual(rows[empty][3:6], [1, 80.0, 0.0])
        self.assertFalse(rows[empty][6])  # no lead, no cost: no cost per lead
        # all campaigns: ratios of the sums, not sums of ratios:
        # 400 / 3 leads, 400 / 2 customers, 650 / 400
        [(*total,)] = Report._read_group(
            [*january, ("campaign_id", "!=", False)], aggregates=fields
        )
        self.assertEqual(total[:6], [3, 2, 1, 2, 650.0, 400.0])
        self.assertAlmostEqual(total[6], 400 / 3)
        self.assertEqual(total[7:], [200.0, 162.5])
        # per source and medium: a cost belongs to its campaign as a whole
        sources = dict(
            Report._read_group(
                january, groupby=["source_id"], aggregates=["new_customers:sum"]
            )
        )
        self.assertEqual(sources[self.s1], 1)
        self.assertEqual(sources[self.s2], 1)
        # February: C1's 50
        [(cost,)] = Report._read_group(
            [("date", "=", "2026-02-01")], aggregates=["cost:sum"]
        )
        self.assertEqual(cost, 50.0)

    def test_analysis_needs_rights(self):
        salesman = new_test_user(
            self.env,
            login="campaign_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        with self.assertRaises(AccessError):
            self.env["crm.campaign.report"].with_user(salesman).search([])

    # ------------------------------------------------------------------
    # COSTS
    # ------------------------------------------------------------------
    def test_negative_cost_refused(self):
        manager = new_test_user(
            self.env,
            login="campaign_sales_manager",
            groups="sales_team.group_sale_manager",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        Cost = self.env["crm.campaign.cost"].with_user(manager)
        before = Cost.search_count([])
        # (as in a request, the failed create is rolled back: nothing written)
        with self.assertRaises(ValidationError) as refused:
            Cost.create(
                [
                    {"campaign_id": self.c1.id, "date": "2026-03-01", "amount": 10},
                    {"campaign_id": self.c2.id, "date": "2026-03-01", "amount": -5},
                ]
            )
        self.assertIn("cannot be negative", str(refused.exception))
        self.assertEqual(Cost.search_count([]), before)
        cost = Cost.create(
            {"campaign_id": self.c1.id, "date": "2026-03-01", "amount": 10}
        )
        with self.assertRaises(ValidationError):
            cost.amount = -1
        cost.invalidate_recordset()
        self.assertEqual(cost.amount, 10)
        # not a number, or an infinite one: refused in words, nothing written
        for amount in (float("nan"), float("inf")):
            with self.assertRaises(ValidationError) as refused:
                Cost.create({"campaign_id": self.c1.id, "amount": amount})
            self.assertIn("finite amount", str(refused.exception))
            with self.assertRaises(ValidationError):
                cost.write({"amount": amount})
        self.assertEqual(Cost.search_count([]), before + 1)
        cost.invalidate_recordset()
        self.assertEqual(cost.amount, 10)
        # a cost stays in the manager's companies
        with self.assertRaises(AccessError):
            cost.company_id = self.other_company

    def test_costs_by_role_and_company(self):
        # a success user reads the costs, writes none
        cost = self.env["crm.campaign.cost"].search(
            [("company_id", "=", self.company.id)], limit=1
        )
        self.assertTrue(cost.with_user(self.user).read(["amount"]))
        with self.assertRaises(AccessError):
            cost.with_user(self.user).amount = 1
        # nobody sees the costs of a company that isn't theirs
        self.assertFalse(
            self.env["crm.campaign.cost"]
            .with_user(self.user)
            .search([("company_id", "=", self.other_company.id)])
        )
