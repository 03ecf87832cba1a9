# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Every built-in KPI on the dataset of common.py, answers worked out by hand."""

import doctest
from datetime import date, timedelta

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from ..kpis import shared_periods, shared_results
from .common import MARCH, CrmSuccessCase, KpiPeriodsMixin
from .common_drill import DrillMixin


@tagged("post_install", "-at_install")
class TestBuiltinKpis(CrmSuccessCase, KpiPeriodsMixin, DrillMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._create_leads()
        cls._create_complaints()
        cls._create_history()

    @classmethod
    def _create_leads(cls):
        """Leads (create_date / closing):

        - L1 2025-03-02, opportunity of G (orders 03-15): won 03-12 → 10 days
        - L2 2025-03-05, opportunity of B (no later order): lost 03-20
        - L3 2025-03-20, lead of A (A's order 03-05 is before it)
        - L4 2025-03-08, opportunity of D1 (D orders 03-10): won 03-18 12:00 → 10.5 days
        - L5 2025-02-10, opportunity: won 2025-03-15 → 33 days
        - L6 2025-03-10, lead without customer
        - L7 2025-01-05, opportunity lost 2025-04-05 (outside)
        - L8 2025-03-10, lead of the other company
        """
        won_stage = cls.env["crm.stage"].create({"name": "Won (test)", "is_won": True})
        Lead = cls.env["crm.lead"]

        def lead(name, created, partner=None, kind="opportunity", **vals):
            record = Lead.create(
                {
                    "name": name,
                    "type": kind,
                    "partner_id": partner and partner.id,
                    "company_id": cls.company.id,
                    **vals,
                }
            )
            cls._set_dates(record, create_date=created)
            return record

        def win(record, closed):
            record.stage_id = won_stage
            cls._set_dates(record, date_closed=closed)

        def lose(record, closed):
            record.action_set_lost()
            cls._set_dates(record, date_closed=closed)

        win(lead("L1", "2025-03-02 00:00:00", cls.g), "2025-03-12 00:00:00")
        lose(lead("L2", "2025-03-05 00:00:00", cls.b), "2025-03-20 00:00:00")
        lead("L3", "2025-03-20 00:00:00", cls.a, kind="lead")
        win(lead("L4", "2025-03-08 00:00:00", cls.d1), "2025-03-18 12:00:00")
        win(lead("L5", "2025-02-10 00:00:00"), "2025-03-15 00:00:00")
        lead("L6", "2025-03-10 00:00:00", kind="lead")
        lose(lead("L7", "2025-01-05 00:00:00"), "2025-04-05 00:00:00")
        lead("L8", "2025-03-10 00:00:00", company_id=cls.other_company.id)

    @classmethod
    def _create_complaints(cls):
        """Complaints (received → resolved):

        - K1 03-02 08:00 → 03-03 08:00 resolved (24 h)
        - K2 03-10 → 03-13 resolved (72 h)
        - K3 02-27 → 03-01 12:00 resolved (60 h; received before March)
        - K4 03-20 new
        - K5 02-25 rejected 03-26 (not resolved, received before March)
        - K6 03-30 → 04-02 resolved (after March)
        - K7 03-10 of the other company
        """
        Complaint = cls.env["crm.complaint"]

        def complaint(received, resolved=None, state="new", **vals):
            return Complaint.create(
                {
                    "partner_id": cls.a.id,
                    "company_id": cls.company.id,
                    "date_received": received,
                    "date_resolved": resolved,
                    "state": state,
                    "resolution": "Done" if state == "resolved" else False,
                    **vals,
                }
            )

        complaint("2025-03-02 08:00:00", "2025-03-03 08:00:00", "resolved")
        complaint("2025-03-10 00:00:00", "2025-03-13 00:00:00", "resolved")
        complaint("2025-02-27 00:00:00", "2025-03-01 12:00:00", "resolved")
        complaint("2025-03-20 00:00:00")
        complaint("2025-02-25 00:00:00", "2025-03-26 00:00:00", "rejected")
        complaint("2025-03-30 00:00:00", "2025-04-02 00:00:00", "resolved")
        complaint(
            "2025-03-10 00:00:00",
            company_id=cls.other_company.id,
            partner_id=cls.shared.id,
        )

    @classmethod
    def _create_history(cls):
        """Lifecycle transitions:

        - A: new 2024-06-10, repeat 2025-03-05
        - B: at_risk 2025-01-15, churned 2025-03-25 (churned in March)
        - C: at_risk 2025-02-01 (still at risk on 03-31)
        - D: advocate 2025-03-12
        - E: advocate 2025-03-28, at_risk 2025-04-03 (after March)
        - G: churned 2025-02-01, new 2025-03-15
        - H (other company): churned 2025-03-10
        """
        stages = {
            stage.code: stage for stage in cls.env["crm.lifecycle.stage"].search([])
        }
        h = cls.env["res.partner"].create(
            {"name": "H", "is_company": True, "company_id": cls.other_company.id}
        )
        cls.env["crm.lifecycle.history"].create(
            [
                {
                    "partner_id": partner.id,
                    "stage_to_id": stages[code].id,
                    "date": day,
                    "reason": "manual",
                }
                for partner, code, day in [
                    (cls.a, "new", "2024-06-10"),
                    (cls.a, "repeat", "2025-03-05"),
                    (cls.b, "at_risk", "2025-01-15"),
                    (cls.b, "churned", "2025-03-25"),
                    (cls.c, "at_risk", "2025-02-01"),
                    (cls.d, "advocate", "2025-03-12"),
                    (cls.e, "advocate", "2025-03-28"),
                    (cls.e, "at_risk", "2025-04-03"),
                    (cls.g, "churned", "2025-02-01"),
                    (cls.g, "new", "2025-03-15"),
                    (h, "churned", "2025-03-10"),
                ]
            ]
        )

    # ------------------------------------------------------------------
    # SALES AND CUSTOMERS
    # ------------------------------------------------------------------

    def test_currency_conversion_precondition(self):
        # 2 EUR per USD in our company at the order date
        self.assertAlmostEqual(self.eur_order.currency_rate, 2.0)

    def test_sales_revenue_orders_average(self):
        # A 200 + D 300 + D1 100 + E 200 EUR / 2 = 100 + G 100 = 800 USD;
        # draft, cancelled, April and other-company orders excluded
        self.assertMeasure("sales_revenue", 800.0)
        self.assertMeasure("orders_count", 5.0)
        # 800 / 5
        self.assertMeasure("average_order_value", 160.0, 800.0, 5.0)

    def test_new_customers(self):
        # first orders in March: D (03-10), E (03-25), G (03-15); D1 belongs to D
        self.assertMeasure("new_customers", 3.0)
        # in 2024-06: A's first order (B in April, C in March 2024)
        self.assertMeasure(
            "new_customers", 1.0, period=(date(2024, 6, 1), date(2024, 6, 30))
        )

    def test_active_customers(self):
        # orders 2024-04-01..2025-03-31: A, B (04-15), D, E, G; C (2024-03-10) no
        self.assertMeasure("active_customers", 5.0)

    def test_retention_and_churn(self):
        # active at 03-01 (orders 2024-03-02..2025-03-01): A, B, C
        # still active at 03-31 (2024-04-01..2025-03-31): A, B → 2 / 3
        self.assertMeasure("customer_retention_rate", 200 / 3, 2.0, 3.0)
        self.assertMeasure("churn_rate", 100 / 3, 1.0, 3.0)

    def test_retention_with_a_window_shorter_than_the_period(self):
        # Churned after 10 days, measured from 03-11 to 03-31; D buys again
        # on 03-30 (after 03-10 and its contact's 03-20).
        self.company.lifecycle_churn_days = 10
        self._order(self.d, "2025-03-30", [(self.p1, 10.0)])
        period = (date(2025, 3, 11), date(2025, 3, 31))
        # active at the eve, 03-10 (orders 02-28..03-10): A (03-05), D (03-10)
        # active at 03-31 (orders 03-21..03-31): D (03-30), E (03-25); D's
        # 03-20 alone would not have kept it: its 03-30 order does → 1 / 2
        self.assertMeasure("customer_retention_rate", 50.0, 1.0, 2.0, period=period)
        self.assertMeasure("churn_rate", 50.0, 1.0, 2.0, period=period)
        self.assertMeasure("active_customers", 2.0, period=period)
        # first purchases in the period: G (03-15), E (03-25); D's was 03-10
        self.assertMeasure("new_customers", 2.0, period=period)

    def test_repeat_purchase_rate(self):
        # ordering in March: A, D, E, G; ordered before March: A → 1 / 4
        self.assertMeasure("repeat_purchase_rate", 25.0, 1.0, 4.0)

    def test_referral_rate_and_revenue(self):
        # new customers D (referrer), E (referral channel), G (none) → 2 / 3
        self.assertMeasure("referral_rate", 200 / 3, 2.0, 3.0)
        # D 300 + D1 100 + E 100
        self.assertMeasure("referred_revenue", 500.0)

    def test_cross_sell_breadth(self):
        # pairs (A,X) (A,Y) (D,X) (D,Y) (E,Y) (G,X) = 6 over 4 customers
        self.assertMeasure("cross_sell_breadth", 1.5, 6.0, 4.0)

    def test_empty_period_gives_no_value(self):
        period = (date(2020, 1, 1), date(2020, 1, 31))
        self.assertMeasure("average_order_value", None, period=period)
        self.assertMeasure("orders_count", 0.0, period=period)
        self.assertMeasure("win_rate", None, period=period)
        self.assertMeasure("complaint_resolution_hours", None, period=period)

    # ------------------------------------------------------------------
    # LEADS
    # ------------------------------------------------------------------

    def test_leads_created(self):
        # L1, L2, L3, L4, L6 (L5, L7 earlier; L8 other company)
        self.assertMeasure("leads_created", 5.0)

    def test_win_rate(self):
        # closed in March: won L1, L4, L5; lost L2 → 3 / 4
        self.assertMeasure("win_rate", 75.0, 3.0, 4.0)

    def test_lead_to_customer_rate(self):
        # L1 (G orders 03-15) and L4 (D orders 03-10, 03-20) of L1 L2 L3 L4 L6
        self.assertMeasure("lead_to_customer_rate", 40.0, 2.0, 5.0)

    def test_a_scorecard_measuring_the_conversion_reads_the_leads_once(self):
        """Declared by the scorecard, the conversion comes with the leads'
        one query: it then costs no more than win_rate after leads_created;
        undeclared, it has a query of its own."""

        def queries_after_leads_created(code, handlers):
            self.env.invalidate_all()
            with shared_results(self.env, [MARCH], handlers) as env:
                self.kpi("leads_created").with_env(env).compute_value(
                    *MARCH, self.company
                )
                before = env.cr.sql_log_count
                result = (
                    self.kpi(code).with_env(env).compute_value(*MARCH, self.company)
                )
                return env.cr.sql_log_count - before, result

        both = ["leads_created", "win_rate", "lead_to_customer_rate"]
        same_query, _result = queries_after_leads_created("win_rate", both)
        declared, result = queries_after_leads_created("lead_to_customer_rate", both)
        undeclared, alone = queries_after_leads_created(
            "lead_to_customer_rate", ["leads_created"]
        )
        self.assertEqual(declared, same_query)
        self.assertGreater(undeclared, declared)
        # the same figures either way: L1 and L4 of the 5 leads of March
        for figures in (result, alone):
            self.assertEqual(
                (figures["value"], figures["numerator"], figures["denominator"]),
                (40.0, 2.0, 5.0),
            )

    def test_sales_cycle_days(self):
        # L1 10 + L4 10.5 + L5 33 = 53.5 days over 3
        self.assertMeasure("sales_cycle_days", 53.5 / 3, 53.5, 3.0)

    def test_leads_and_complaints_alone_and_in_a_scorecard(self):
        """A year before the dataset's March: M1 created 2024-03-05 for C (who
        orders on 03-10), won 03-25 (20 days); M2 created 2024-03-12 for B
        (whose order of 04-15 is after March), lost 03-20; a complaint
        received 2024-03-04 08:00, resolved 24 h later."""
        won_stage = self.env["crm.stage"].create({"name": "Won (2024)", "is_won": True})
        Lead = self.env["crm.lead"]
        m1, m2 = Lead.create(
            [
                {
                    "name": name,
                    "type": "opportunity",
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                }
                for name, partner in (("M1", self.c), ("M2", self.b))
            ]
        )
        m1.stage_id = won_stage
        m2.action_set_lost()
        self._set_dates(m1, create_date="2024-03-05", date_closed="2024-03-25")
        self._set_dates(m2, create_date="2024-03-12", date_closed="2024-03-20")
        self.env["crm.complaint"].create(
            {
                "partner_id": self.a.id,
                "company_id": self.company.id,
                "date_received": "2024-03-04 08:00:00",
                "date_resolved": "2024-03-05 08:00:00",
                "state": "resolved",
                "resolution": "Done",
            }
        )
        march_2024 = (date(2024, 3, 1), date(2024, 3, 31))
        # the first quarter overlaps March: its leads and complaints count in both
        first_quarter = (date(2025, 1, 1), date(2025, 3, 31))
        codes = [
            "leads_created",
            "win_rate",
            "lead_to_customer_rate",
            "sales_cycle_days",
            "complaints_count",
            "complaint_resolution_hours",
            "complaints_resolved_in_target",
        ]
        results = self.assertSameAloneAndTogether(
            codes, [MARCH, march_2024, first_quarter], self.company
        )

        def figures(period, code):
            result = results[period][code]
            return (result["value"], result["numerator"], result["denominator"])

        # March 2025, as in the tests above
        self.assertEqual(figures(MARCH, "leads_created"), (5.0, 5.0, None))
        self.assertEqual(figures(MARCH, "win_rate"), (75.0, 3.0, 4.0))
        self.assertEqual(figures(MARCH, "lead_to_customer_rate"), (40.0, 2.0, 5.0))
        self.assertAlmostEqual(results[MARCH]["sales_cycle_days"]["value"], 53.5 / 3)
        self.assertEqual(figures(MARCH, "complaints_count"), (4.0, 4.0, None))
        self.assertEqual(
            figures(MARCH, "complaint_resolution_hours"), (52.0, 156.0, 3.0)
        )
        # March 2024: M1 and M2; M1 won, M2 lost; M1 converted (C's 03-10 order)
        self.assertEqual(figures(march_2024, "leads_created"), (2.0, 2.0, None))
        self.assertEqual(figures(march_2024, "win_rate"), (50.0, 1.0, 2.0))
        self.assertEqual(figures(march_2024, "lead_to_customer_rate"), (50.0, 1.0, 2.0))
        self.assertEqual(figures(march_2024, "sales_cycle_days"), (20.0, 20.0, 1.0))
        self.assertEqual(figures(march_2024, "complaints_count"), (1.0, 1.0, None))
        self.assertEqual(
            figures(march_2024, "complaint_resolution_hours"), (24.0, 24.0, 1.0)
        )
        self.assertEqual(
            figures(march_2024, "complaints_resolved_in_target"), (100.0, 1.0, 1.0)
        )
        # first quarter: March's five leads, L5 (02-10) and L7 (01-05); closed
        # in it: L1, L4, L5 won, L2 lost (L7 closes in April)
        self.assertEqual(figures(first_quarter, "leads_created"), (7.0, 7.0, None))
        self.assertEqual(figures(first_quarter, "win_rate"), (75.0, 3.0, 4.0))
        # received: K1, K2, K3 (02-27), K4, K5 (02-25), K6 (03-30); resolved:
        # K1, K2, K3
        self.assertEqual(figures(first_quarter, "complaints_count"), (6.0, 6.0, None))
        self.assertEqual(
            figures(first_quarter, "complaint_resolution_hours"), (52.0, 156.0, 3.0)
        )

    # ------------------------------------------------------------------
    # COMPLAINTS
    # ------------------------------------------------------------------

    def test_complaints_count_and_per_orders(self):
        # received in March: K1, K2, K4, K6
        self.assertMeasure("complaints_count", 4.0)
        # 4 complaints / 5 orders × 100
        self.assertMeasure("complaints_per_100_orders", 80.0, 4.0, 5.0)

    def test_complaint_resolution(self):
        # resolved in March: K1 24 h, K2 72 h, K3 60 h → 156 / 3
        self.assertMeasure("complaint_resolution_hours", 52.0, 156.0, 3.0)
        # within 48 h: K1 → 1 / 3
        self.assertMeasure("complaints_resolved_in_target", 100 / 3, 1.0, 3.0)
        # with a 60 h target: K1 (24 h) and K3 (60 h ≤ 60), not K2 (72 h) → 2 / 3
        self.company.success_complaint_target_hours = 60
        self.assertMeasure("complaints_resolved_in_target", 200 / 3, 2.0, 3.0)

    # ------------------------------------------------------------------
    # LIFECYCLE
    # ------------------------------------------------------------------

    def test_lifecycle_stocks(self):
        # at 03-31: C at risk (B churned since 03-25); D and E advocates
        self.assertMeasure("customers_at_risk", 1.0)
        self.assertMeasure("advocates", 2.0)
        # at 02-28: B and C at risk, no advocate yet
        february = (date(2025, 2, 1), date(2025, 2, 28))
        self.assertMeasure("customers_at_risk", 2.0, period=february)
        self.assertMeasure("advocates", 0.0, period=february)

    def test_customers_churned(self):
        # B on 03-25 (G churned in February; H belongs to the other company)
        self.assertMeasure("customers_churned", 1.0)
        self.assertMeasure(
            "customers_churned", 1.0, period=(date(2025, 2, 1), date(2025, 2, 28))
        )

    def test_shared_periods(self):
        """One computation for the periods of the block, one per other period."""
        calls = []

        def days(periods):
            calls.append(periods)
            return {period: period[1] - period[0] for period in periods}

        january = (date(2025, 1, 1), date(2025, 1, 31))
        february = (date(2025, 2, 1), date(2025, 2, 28))
        with shared_results(self.env, [january, february]) as env:
            self.assertEqual(
                shared_periods(env, "days", *february, days), timedelta(27)
            )
            self.assertEqual(shared_periods(env, "days", *january, days), timedelta(30))
            # a period the block did not announce: computed alone, once
            for _twice in range(2):
                self.assertEqual(
                    shared_periods(env, "days", *MARCH, days), timedelta(30)
                )
        self.assertEqual(calls, [[january, february], [MARCH]])
        # outside a block, each call computes its period alone
        shared_periods(self.env, "days", *january, days)
        self.assertEqual(calls[-1], [january])

    def test_registry_doctests(self):
        from .. import kpis

        result = doctest.testmod(kpis)
        self.assertGreater(result.attempted, 0)
        self.assertFalse(result.failed)

    def test_every_builtin_kpi_is_in_the_catalog(self):
        kpis = self.env["crm.success.kpi"]
        codes = set(kpis.search([]).mapped("handler"))
        self.assertLessEqual(set(kpis._builtin_specs()), codes | {False})

    # ------------------------------------------------------------------
    # DRILL-DOWN
    # ------------------------------------------------------------------

    def _drill_reader(self, login, groups):
        return new_test_user(
            self.env,
            login=login,
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user,"
            + groups,
            company_id=self.company.id,
            company_ids=[self.company.id],
        )

    def test_drill_down_opens_the_records_counted(self):
        """Sales, customers, leads, complaints and lifecycle KPIs: a success
        user who sees all the leads and orders (the least rights to read
        them all) opens as many records as each line counts."""
        codes = [
            "sales_revenue",
            "orders_count",
            "average_order_value",
            "new_customers",
            "active_customers",
            "customer_retention_rate",
            "churn_rate",
            "repeat_purchase_rate",
            "referral_rate",
            "referred_revenue",
            "cross_sell_breadth",
            "leads_created",
            "win_rate",
            "lead_to_customer_rate",
            "sales_cycle_days",
            "complaints_count",
            "complaints_per_100_orders",
            "complaint_resolution_hours",
            "complaints_resolved_in_target",
            "customers_at_risk",
            "advocates",
            "customers_churned",
        ]
        lines = self.drill_lines(codes, MARCH, self.company)
        reader = self._drill_reader(
            "drill_reader", "sales_team.group_sale_salesman_all_leads"
        )
        self.assertDrillMatches(
            lines,
            reader,
            {
                # the 53.5 days are summed over the 3 won opportunities
                ("sales_cycle_days", "numerator"): 3,
                # the 6 lines of A (P1, P2), D, D1, E, G: the pairs are
                # counted from them
                ("cross_sell_breadth", "numerator"): 6,
            },
        )
        # hand-worked, as in the tests above: won L1 L4 L5 of L1 L2 L4 L5
        self.assertEqual(
            lines["win_rate"].with_user(reader).action_drill_numerator()["name"],
            "Won opportunities behind Win Rate — March 2025",
        )
        won = self.env["crm.lead"].search(
            lines["win_rate"].action_drill_numerator()["domain"]
        )
        self.assertEqual(sorted(won.mapped("name")), ["L1", "L4", "L5"])
        decided = self.env["crm.lead"].search(
            lines["win_rate"].action_drill_denominator()["domain"]
        )
        self.assertEqual(sorted(decided.mapped("name")), ["L1", "L2", "L4", "L5"])
        churned = self.env["res.partner"].search(
            lines["churn_rate"].action_drill_numerator()["domain"]
        )
        self.assertEqual(churned, self.c)

    def test_drill_down_respects_the_user_rights(self):
        line = self.drill_lines(["win_rate"], MARCH, self.company)["win_rate"]
        # a success user who may not read leads cannot open them
        with self.assertRaises(AccessError):
            line.with_user(self.user).action_drill_numerator()
        # a salesman sees only their own and unassigned leads: the list is
        # shorter than the count (the leads are the superuser's)
        salesman = self._drill_reader(
            "drill_salesman", "sales_team.group_sale_salesman"
        )
        action = line.with_user(salesman).action_drill_denominator()
        leads = self.env["crm.lead"].with_user(salesman)
        self.assertEqual(line.denominator, 4.0)
        self.assertEqual(leads.search_count(action["domain"]), 0)

    def test_drill_down_without_a_denominator(self):
        line = self.drill_lines(["orders_count"], MARCH, self.company)["orders_count"]
        with self.assertRaises(UserError):
            line.action_drill_denominator()

    def test_drill_down_of_a_query_kpi(self):
        """Confirmed orders of March (A, D, D1, E, G) / all March orders
        (also F's draft and A's cancelled one)."""
        Kpi = self.env["crm.success.kpi"]
        fields_ = self.env["ir.model.fields"]._get_ids("sale.order")
        Kpi.create(
            {
                "code": "drill_query",
                "name": "Confirmed share",
                "source": "query",
                "kind": "ratio",
                "unit": "percent",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "date_field_id": fields_["date_order"],
                "domain": "[('state', '=', 'sale')]",
                "aggregate": "count",
                "denominator_model_id": self.env["ir.model"]._get_id("sale.order"),
                "denominator_date_field_id": fields_["date_order"],
                "denominator_domain": "[]",
                "denominator_aggregate": "count",
            }
        )
        # and their untaxed amounts, in the orders' currencies: A 200, D 300,
        # D1 100, E 200 (EUR), G 100
        Kpi.create(
            {
                "code": "drill_query_sum",
                "name": "Confirmed amounts",
                "source": "query",
                "kind": "flow",
                "unit": "currency",
                "model_id": self.env["ir.model"]._get_id("sale.order"),
                "date_field_id": fields_["date_order"],
                "domain": "[('state', '=', 'sale')]",
                "aggregate": "sum",
                "measure_field_id": fields_["amount_untaxed"],
            }
        )
        lines = self.drill_lines(
            ["drill_query", "drill_query_sum"], MARCH, self.company
        )
        self.assertEqual(
            (lines["drill_query"].numerator, lines["drill_query"].denominator),
            (5.0, 7.0),
        )
        self.assertEqual(lines["drill_query_sum"].numerator, 900.0)
        reader = self._drill_reader(
            "drill_query_reader", "sales_team.group_sale_salesman_all_leads"
        )
        self.assertDrillMatches(lines, reader)

    def test_every_builtin_kpi_drills_down(self):
        """Each built-in KPI names the records of its numerator and, for a
        ratio, of its denominator, with a method for each."""
        Kpi = self.env["crm.success.kpi"]
        for code, spec in Kpi._builtin_specs().items():
            with self.subTest(code=code):
                sets = Kpi.new({"handler": code})._builtin_drill_sets()
                self.assertEqual(len(sets), 2 if spec["kind"] == "ratio" else 1)
                for name in sets:
                    self.assertTrue(callable(getattr(Kpi, f"_drill_{name}", None)))

    def test_drill_down_query_count(self):
        """A drill-down costs a fixed number of queries, whatever the number
        of records (the list runs its own search): the line, its KPI, the
        user and company read back, and for a set found in SQL its one query
        of ids, after applying the purchases' pending changes."""
        lines = self.drill_lines(["orders_count", "new_customers"], MARCH, self.company)
        reader = self._drill_reader(
            "drill_counted", "sales_team.group_sale_salesman_all_leads"
        )
        for code, queries in (("orders_count", 3), ("new_customers", 6)):
            line = lines[code].with_user(reader)
            line.action_drill_numerator()  # access rights and rules cached
            self.env.flush_all()
            self.env.invalidate_all()
            with self.subTest(code=code), self.assertQueryCount(queries):
                line.action_drill_numerator()
