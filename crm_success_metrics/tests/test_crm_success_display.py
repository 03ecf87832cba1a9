# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from odoo.tests import TransactionCase, tagged


@tagged("post_install", "-at_install")
class TestCrmSuccessDisplay(TransactionCase):
    """Values and periods as the screens, the XLSX and the mail print them."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        cls.usd = cls.env.ref("base.USD")
        cls.eur = cls.env.ref("base.EUR")
        cls.Kpi = cls.env["crm.success.kpi"]
        cls.units = (
            "count",
            "currency",
            "percent",
            "days",
            "hours",
            "seconds",
            "score",
        )

    def formatted(self, unit, value, currency=None):
        # Only the unit matters: an in-memory KPI of that unit (made in the
        # test: a test's start forgets the values of records not saved).
        return self.Kpi.new({"unit": unit})._format_value(value, currency or self.usd)

    def test_units(self):
        nbsp = "\N{NO-BREAK SPACE}"
        self.assertEqual(self.formatted("currency", 35175.5), f"${nbsp}35,175.50")
        # The company's currency decides the symbol and where it goes.
        self.assertEqual(
            self.formatted("currency", 1234.5, self.eur), f"1,234.50{nbsp}€"
        )
        self.assertEqual(self.formatted("percent", 100.0), "100.0 %")
        self.assertEqual(self.formatted("percent", 12.345), "12.3 %")
        # Counts: whole numbers without decimals; a period-scaled target keeps one.
        self.assertEqual(self.formatted("count", 1200.0), "1,200")
        self.assertEqual(self.formatted("count", 2.8), "2.8")
        self.assertEqual(self.formatted("seconds", 300.0), "5 min")
        self.assertEqual(self.formatted("hours", 26.5), "1 d 2 h")
        self.assertEqual(self.formatted("days", 10.5), "10.5 days")
        self.assertEqual(self.formatted("score", 42.0), "42.0")

    def test_no_value_is_a_dash_not_zero(self):
        for unit in self.units:
            self.assertEqual(self.formatted(unit, None), "—", unit)
            self.assertEqual(self.formatted(unit, float("nan")), "—", unit)
        self.assertEqual(self.formatted("count", 0.0), "0")

    def test_periods(self):
        period = self.Kpi._format_period
        self.assertEqual(
            period(date(2026, 11, 1), date(2026, 11, 30), "month"), "November 2026"
        )
        self.assertEqual(
            period(date(2026, 7, 1), date(2026, 9, 30), "quarter"), "Q3 2026"
        )
        self.assertEqual(period(date(2026, 1, 1), date(2026, 12, 31), "year"), "2026")
        self.assertEqual(
            period(date(2026, 11, 3), date(2026, 12, 2), "custom"),
            "3 Nov 2026 – 2 Dec 2026",
        )

    def test_scorecard_title_is_its_period(self):
        # A company of its own: the demo company has its November scorecard.
        company = self.env["res.company"].create({"name": "Display Title Co"})
        scorecard = self.env["crm.success.scorecard"].create(
            {
                "company_id": company.id,
                "period_type": "month",
                "date_from": date(2026, 11, 1),
                "date_to": date(2026, 11, 30),
            }
        )
        self.assertEqual(scorecard.name, "November 2026")
        scorecard.write(
            {
                "period_type": "quarter",
                "date_from": date(2026, 10, 1),
                "date_to": date(2026, 12, 31),
            }
        )
        self.assertEqual(scorecard.name, "Q4 2026")
