# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The success dashboard and the objective chart (crm.success.dashboard).

Hand-made monthly scorecards of ``cls.company`` (all closed: 2025 is past),
with lines written as the scorecard computation would have:

============  =====  ==================================  =========================
month         index  More revenue (baseline 1,000,       More orders (baseline 6.2,
                     target 1,200)                        target 12.4, Poisson test)
============  =====  ==================================  =========================
Dec 2024       50    900                                  —
Sep 2025       60    1,000                                —
Oct 2025       65    1,100                                —
Nov 2025       68    1,100                                —
Dec 2025       80    1,300.50: progress 150.25 %,         5: progress −19.35 %, off
                     achieved, no test                    track, p = 0.64 (tested,
                                                          not significant)
============  =====  ==================================  =========================
"""

from datetime import date

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged, warmup

from .common import MARCH, CrmSuccessCase
from .common_dashboard import monthly_scorecard, scorecard_line

# Queries of get_dashboard_data, whatever the number of objectives: the user
# and its partner, the objectives, the company, its closed scorecards, their
# lines, the KPIs and the currency (access and record rules, the language are
# cached).
DASHBOARD_QUERIES = 8


@tagged("post_install", "-at_install", "is_query_count")
class TestDashboard(CrmSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.revenue = cls._objective("More revenue", "sales_revenue", 12000, 14400)
        cls.orders = cls._objective("More orders", "orders_count", 73.0, 146.0)
        months = {
            (2024, 12): 50.0,
            (2025, 9): 60.0,
            (2025, 10): 65.0,
            (2025, 11): 68.0,
            (2025, 12): 80.0,
        }
        cls.scorecards = {
            month: cls._scorecard(*month, index) for month, index in months.items()
        }
        revenue_values = {
            (2024, 12): 900.0,
            (2025, 9): 1000.0,
            (2025, 10): 1100.0,
            (2025, 11): 1100.0,
        }
        for month, value in revenue_values.items():
            cls._line(month, cls.revenue, value, 1000.0, 1200.0, "at_risk")
        cls.revenue_line = cls._line(
            (2025, 12), cls.revenue, 1300.5, 1000.0, 1200.0, "achieved"
        )
        cls.orders_line = cls._line(
            (2025, 12),
            cls.orders,
            5.0,
            6.2,
            12.4,
            "off_track",
            significance_tested=True,
            p_value=0.6411,
        )
        # a quarter ending later than the months: monthly scorecards come first
        cls.env["crm.success.scorecard"].create(
            {
                "company_id": cls.company.id,
                "period_type": "quarter",
                "date_from": "2026-01-01",
                "date_to": "2026-03-31",
            }
        ).sudo().write({"state": "done", "success_index": 10.0})

    @classmethod
    def _objective(cls, name, code, baseline, target):
        return cls.env["crm.success.objective"].create(
            {
                "name": name,
                "kpi_id": cls.kpi(code).id,
                "company_id": cls.company.id,
                "go_live_date": "2024-01-01",
                "baseline_value": baseline,
                "target_value": target,
                "target_date": "2026-12-31",
            }
        )

    @classmethod
    def _scorecard(cls, year, month, index):
        return monthly_scorecard(cls.env, cls.company, year, month, index)

    @classmethod
    def _line(cls, month, objective, value, baseline, target, status, **vals):
        return scorecard_line(
            cls.scorecards[month], objective, value, baseline, target, status, **vals
        )

    def _data(self, user=None, company=None):
        dashboard = self.env["crm.success.dashboard"].with_user(user or self.user)
        if company:
            dashboard = dashboard.with_context(allowed_company_ids=company.ids)
        return dashboard.get_dashboard_data(company and company.id)

    def _card(self, data, objective):
        return next(card for card in data["cards"] if card["id"] == objective.id)

    # ------------------------------------------------------------------
    # HEADLINE
    # ------------------------------------------------------------------

    def test_headline_of_the_latest_closed_month(self):
        headline = self._data()["headline"]
        self.assertEqual(headline["period"], "December 2025")
        self.assertEqual(headline["index_text"], "80 %")
        # 80 − 68 = +12 points; 80 − 50 = +30 points a year later
        self.assertEqual(headline["vs_previous"]["text"], "+12 pts vs November 2025")
        self.assertEqual(headline["vs_previous"]["tone"], "good")
        self.assertEqual(headline["vs_last_year"]["text"], "+30 pts vs December 2024")
        # both objectives are financial: the other perspectives were not measured
        self.assertEqual(
            [(p["key"], p["text"]) for p in headline["perspectives"]],
            [
                ("financial", "80 %"),
                ("customer", "—"),
                ("process", "—"),
                ("people", "—"),
            ],
        )
        trend = headline["trend"]
        # of January to December 2025, from September, the first with an index
        self.assertEqual(trend["periods"][0], "September 2025")
        self.assertEqual(trend["labels"], ["Sep 25", "Oct 25", "Nov 25", "Dec 25"])
        self.assertEqual(trend["values"], [60.0, 65.0, 68.0, 80.0])

    def test_a_scorecard_without_measured_line_has_no_index(self):
        # November's lines turn to no data: its stored 68 is no index
        self.scorecards[(2025, 11)].line_ids.sudo().write({"status": "no_data"})
        headline = self._data()["headline"]
        self.assertEqual(
            (headline["vs_previous"]["text"], headline["vs_previous"]["tone"]),
            ("No index for November 2025", "none"),
        )
        self.assertIsNone(headline["trend"]["values"][-2])

    def test_open_period_and_draft_scorecards_are_left_out(self):
        self.scorecards[(2025, 12)].sudo().write({"state": "draft"})
        today = date.today()
        self.env["crm.success.scorecard"].create(
            {
                "company_id": self.company.id,
                "period_type": "month",
                "date_from": today.replace(day=1),
                "date_to": today,
            }
        ).sudo().write({"state": "done", "success_index": 99.0})
        self.assertEqual(self._data()["headline"]["period"], "November 2025")

    # ------------------------------------------------------------------
    # CARDS
    # ------------------------------------------------------------------

    def test_card_on_the_period_scale_with_units(self):
        card = self._card(self._data(), self.revenue)
        self.assertEqual(card["period"], "December 2025")
        self.assertEqual(
            (card["value"], card["baseline"], card["target"]),
            ("$\xa01,300.50", "$\xa01,000.00", "$\xa01,200.00"),
        )
        # (1300.5 − 1000) / (1200 − 1000) = 150.25 %
        self.assertEqual(
            card["progress"],
            {
                "shown": 150.25,
                "text": "150 %",
                "band": "beyond_target",
                "band_label": "beyond target",
            },
        )
        # no significance test for revenue: the status stands as it is
        self.assertEqual(
            (card["status"], card["status_label"], card["tone"], card["qualifier"]),
            ("achieved", "Achieved", "success", ""),
        )
        # Sep → Oct 1,000 → 1,100 ▲, Oct → Nov =, Nov → Dec 1,300.50 ▲
        self.assertEqual(
            [(m["symbol"], m["tone"]) for m in card["trend_marks"]],
            [("▲", "good"), ("=", "neutral"), ("▲", "good")],
        )
        self.assertEqual(
            card["trend_marks"][0]["title"], "October 2025: higher than September 2025"
        )
        spark = card["sparkline"]
        # from September, its first month with a value
        self.assertEqual(spark["values"], [1000.0, 1100.0, 1100.0, 1300.5])
        self.assertEqual(spark["targets"], [1200.0] * 4)
        self.assertEqual(spark["value_texts"][0], "$\xa01,000.00")

    def test_change_within_normal_variation_is_said_so(self):
        card = self._card(self._data(), self.orders)
        # 5 orders against 6.2 expected: off track, but p = 0.64
        self.assertEqual(
            (card["status"], card["qualifier"]),
            ("off_track", "within normal variation"),
        )
        # the same words on the objective form
        self.orders.invalidate_recordset()
        self.assertEqual(self.orders.closed_status_note, "within normal variation")
        # counts without decimals, the scaled baseline and target with one
        self.assertEqual(
            (card["value"], card["baseline"], card["target"]), ("5", "6.2", "12.4")
        )
        # −19.35 % is worse than the baseline
        self.assertEqual(card["progress"]["text"], "−19 %")
        self.assertEqual(card["progress"]["band_label"], "worse than baseline")
        # no earlier month: nothing to compare
        self.assertEqual([m["symbol"] for m in card["trend_marks"]], ["·", "·", "·"])

    def test_objective_without_line_is_not_measured(self):
        newcomer = self._objective("Newcomer", "new_customers", 10.0, 20.0)
        card = self._card(self._data(), newcomer)
        self.assertEqual(
            (card["status_label"], card["value"], card["line_id"]),
            ("Not measured", "—", False),
        )

    def test_empty_states(self):
        company = self.env["res.company"].create({"name": "Empty Co"})
        self.user.company_ids |= company
        self.env["crm.success.objective"].sudo().search(
            [("company_id", "=", company.id)]
        ).unlink()
        data = self._data(company=company)
        self.assertEqual(
            (data["objective_count"], data["headline"], data["cards"]), (0, False, [])
        )
        self.assertFalse(data["can_create"])
        self.assertTrue(self._data(self.manager)["can_create"])

    # ------------------------------------------------------------------
    # ACCESS AND QUERIES
    # ------------------------------------------------------------------

    def test_access(self):
        outsider = new_test_user(
            self.env,
            login="success_outsider",
            groups="base.group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        with self.assertRaises(AccessError):
            self._data(outsider)
        # a company the user may not work in
        with self.assertRaises(AccessError):
            self.env["crm.success.dashboard"].with_user(self.user).get_dashboard_data(
                self.other_company.id
            )
        with self.assertRaises(AccessError):
            self.env["crm.success.dashboard"].with_user(
                outsider
            ).get_objective_chart_data(self.revenue.id)

    def test_read_only_methods(self):
        Dashboard = type(self.env["crm.success.dashboard"])
        self.assertTrue(Dashboard.get_dashboard_data._readonly)
        self.assertTrue(Dashboard.get_objective_chart_data._readonly)

    @warmup
    def test_queries_do_not_grow_with_the_objectives(self):
        self.assertEqual(len(self._counted_data()["cards"]), 2)
        for number in range(8):
            objective = self._objective(f"Objective {number}", "orders_count", 73, 146)
            self._line((2025, 11), objective, 5.0, 6.2, 12.4, "off_track")
            self._line((2025, 12), objective, 6.0, 6.2, 12.4, "off_track")
        self.assertEqual(len(self._counted_data()["cards"]), 10)

    def _counted_data(self):
        """The dashboard's data, read with cold record caches and warm
        registry caches (access rules, record rules, language: creating
        records may have cleared them)."""
        self._data()
        self.env.flush_all()
        self.env.invalidate_all()
        with self.assertQueryCount(DASHBOARD_QUERIES):
            return self._data()

    # ------------------------------------------------------------------
    # TREND COLUMN, SIGNIFICANCE FLAG, OBJECTIVE CHART
    # ------------------------------------------------------------------

    def test_trend_marks_of_the_lines(self):
        lines = (self.revenue_line | self.orders_line).with_user(self.user)
        self.assertEqual(
            [[m["symbol"] for m in line.trend_marks] for line in lines],
            [["▲", "=", "▲"], ["·", "·", "·"]],
        )

    def test_the_computation_says_whether_a_test_ran(self):
        scorecard = self.env["crm.success.scorecard"].compute_period(
            *MARCH, company=self.company, period_type="month"
        )
        tested = {
            line.objective_id: line.significance_tested for line in scorecard.line_ids
        }
        # orders: Poisson test of 5 orders against 73 a year; revenue: no test
        self.assertEqual(tested, {self.orders: True, self.revenue: False})

    def test_objective_chart_with_goal_lines(self):
        chart = (
            self.env["crm.success.dashboard"]
            .with_user(self.user)
            .get_objective_chart_data(self.revenue.id)
        )
        # from December 2024, its first measured month, to December 2025
        self.assertEqual(
            (chart["periods"][0], chart["periods"][-1], len(chart["periods"])),
            ("December 2024", "December 2025", 13),
        )
        self.assertEqual(chart["values"][0], 900.0)
        self.assertEqual(chart["values"][1:9], [None] * 8)
        self.assertEqual(chart["values"][-1], 1300.5)
        self.assertEqual(chart["baselines"][-1], 1000.0)
        self.assertEqual(chart["target_texts"][-1], "$\xa01,200.00")
        self.assertEqual(chart["unit"], "currency")
        empty = self._objective("Not yet", "new_customers", 10.0, 20.0)
        self.assertEqual(
            self.env["crm.success.dashboard"].get_objective_chart_data(empty.id),
            {"periods": []},
        )
