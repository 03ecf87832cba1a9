# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Mailing response: the KPIs and the analysis.

Company "Mailing KPI Co" (USD, purchases are its confirmed orders); mailing
M1 of its user R; M2 of a user of the other company. Traces of M1: four mails
sent on 2026-01-10 (t1 opened and clicked, t2 opened, t3 opened and replied,
t4 nothing), one never sent, one sent on 2026-02-02; of M2: two sent on
2026-01-10, one clicked. Orders: X's first, 2026-01-12, 100, carrying M1's
source; Y's first, 2026-01-15, 80, no source; the other company's new
customer carrying M2's source. One lead carries M1's source.
"""

from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_success_metrics.tests.common import KpiPeriodsMixin
from odoo.addons.crm_success_metrics.tests.common_drill import DrillMixin

JAN = (date(2026, 1, 1), date(2026, 1, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))
CODES = ["mailing_click_rate", "mailing_conversion_rate"]


@tagged("post_install", "-at_install", "is_query_count")
class TestMailingKpis(TransactionCase, KpiPeriodsMixin, DrillMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        usd = cls.env.ref("base.USD")
        cls.company = cls.env["res.company"].create(
            {"name": "Mailing KPI Co", "currency_id": usd.id}
        )
        cls.other_company = cls.env["res.company"].create(
            {"name": "Mailing Other Co", "currency_id": usd.id}
        )
        (cls.company | cls.other_company).lifecycle_purchase_source = "sale_order"
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id])
        )

        def user(login, company, groups="base.group_user"):
            return new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=company.id,
                company_ids=[company.id],
            )

        cls.responsible = user("mailing_kpi_r", cls.company)
        theirs = user("mailing_kpi_theirs", cls.other_company)
        cls.reader = user(
            "mailing_kpi_reader",
            cls.company,
            "base.group_user,mass_mailing.group_mass_mailing_user,"
            "crm_success_metrics.crm_success_metrics_group_user",
        )
        Mailing = cls.env["mailing.mailing"]
        cls.m1 = Mailing.create(
            {"subject": "Mailing M1 test", "user_id": cls.responsible.id}
        )
        cls.m2 = Mailing.create({"subject": "Mailing M2 test", "user_id": theirs.id})
        partner = cls.env["res.partner"].create({"name": "Recipient"})
        sent = datetime(2026, 1, 10, 9, 0)
        later = datetime(2026, 1, 10, 10, 0)

        def trace(mailing, when=sent, **values):
            return dict(
                values,
                mass_mailing_id=mailing.id,
                model="res.partner",
                res_id=partner.id,
                sent_datetime=when,
                trace_status=values.get("trace_status", "sent"),
            )

        cls.env["mailing.trace"].create(
            [
                trace(
                    cls.m1,
                    trace_status="open",
                    open_datetime=later,
                    links_click_datetime=later,
                ),
                trace(cls.m1, trace_status="open", open_datetime=later),
                trace(
                    cls.m1,
                    trace_status="reply",
                    open_datetime=later,
                    reply_datetime=later,
                ),
                trace(cls.m1),
                trace(cls.m1, when=False, trace_status="outgoing"),
                trace(cls.m1, when=datetime(2026, 2, 2, 9, 0)),
                trace(cls.m2),
                trace(cls.m2, links_click_datetime=later),
            ]
        )
        product = cls.env["product.product"].create(
            {"name": "Mailing product", "type": "service", "taxes_id": False}
        )

        def order(name, day, amount, company, source=None):
            customer = cls.env["res.partner"].create(
                {"name": name, "is_company": True, "company_id": company.id}
            )
            cls.env["sale.order"].with_company(company).create(
                {
                    "partner_id": customer.id,
                    "company_id": company.id,
                    "date_order": datetime.fromisoformat(day).replace(hour=12),
                    "state": "sale",
                    "source_id": source.id if source else False,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "price_unit": amount,
                                "tax_id": False,
                            },
                        )
                    ],
                }
            )
            return customer

        cls.x = order("X", "2026-01-12", 100, cls.company, cls.m1.source_id)
        order("Y", "2026-01-15", 80, cls.company)
        order("Z", "2026-01-16", 500, cls.other_company, cls.m2.source_id)
        cls.env["crm.lead"].create(
            {
                "name": "From M1",
                "company_id": cls.company.id,
                "source_id": cls.m1.source_id.id,
            }
        )

    def measure(self, code, period=JAN):
        kpi = self.env["crm.success.kpi"].search([("code", "=", code)])
        return kpi.compute_value(*period, self.company)

    def test_mailing_click_rate(self):
        # sent in January by M1: t1-t4; clicked: t1 -> 1 / 4 (M2 is the
        # other company's, the unsent trace and February's apart)
        result = self.measure("mailing_click_rate")
        self.assertEqual((result["numerator"], result["denominator"]), (1.0, 4.0))
        self.assertAlmostEqual(result["value"], 25.0)
        # February: one mail sent, none clicked
        self.assertAlmostEqual(self.measure("mailing_click_rate", FEB)["value"], 0.0)

    def test_mailing_conversion_rate(self):
        # new customers of January from M1's source: X (Y has none) -> 1
        # per 4 mails = 25 per 100
        result = self.measure("mailing_conversion_rate")
        self.assertEqual((result["numerator"], result["denominator"]), (1.0, 4.0))
        self.assertAlmostEqual(result["value"], 25.0)

    def test_one_query_for_the_mailing_kpis_of_a_scorecard(self):
        # the purchases brought up to date, then one query for both periods
        self.assertScorecardQueries(CODES, [JAN, FEB], self.company, 2)

    def test_alone_and_in_a_scorecard(self):
        results = self.assertSameAloneAndTogether(CODES, [JAN, FEB], self.company)
        self.assertAlmostEqual(results[JAN]["mailing_click_rate"]["value"], 25.0)

    def test_drill_down(self):
        lines = self.drill_lines(CODES, JAN, self.company)
        self.assertDrillMatches(lines, self.reader)

    def test_mailing_response_analysis(self):
        Report = self.env["crm.mailing.report"].with_user(self.reader)
        rows = Report.search([("mailing_id", "in", (self.m1 | self.m2).ids)])
        # M2 is the other company's: not seen
        self.assertEqual(rows.mailing_id, self.m1)
        # M1: 5 sent (4 in January, 1 in February), 3 opened, 1 clicked,
        # 1 replied; 1 lead and 1 new customer (X, 100) from its source:
        # click rate 1 / 5, conversion 1 / 5
        self.assertEqual(
            [
                rows.sent,
                rows.opened,
                rows.clicked,
                rows.replied,
                rows.leads,
                rows.new_customers,
            ],
            [5, 3, 1, 1, 1, 1],
        )
        self.assertAlmostEqual(rows.first_year_revenue, 100.0)
        self.assertAlmostEqual(rows.click_rate, 20.0)
        self.assertAlmostEqual(rows.open_rate, 60.0)
        self.assertAlmostEqual(rows.conversion_rate, 20.0)
        [(sent, rate)] = Report._read_group(
            [("id", "in", rows.ids)], aggregates=["sent:sum", "click_rate:sum"]
        )
        self.assertEqual((sent, rate), (5, 20.0))

    def test_analysis_needs_rights(self):
        salesman = new_test_user(
            self.env,
            login="mailing_kpi_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        with self.assertRaises(AccessError):
            self.env["crm.mailing.report"].with_user(salesman).search([])
