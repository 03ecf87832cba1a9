# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Network KPIs and the employee analysis on the dataset of ``common``.

Network (crm_lifecycle's network roles): reseller R; G (2025-03-15, 100) is
referred by R, E (2025-03-25, 200 EUR = 100 USD) by R's agent, F (draft in
March, 400 in April) by R. D stays referred by A (no role). Supplier S,
carrier K. Complaints (received):

- N1 2025-03-02 S, N2 2025-03-10 K, N3 2025-03-31 22:00 S
- N4 2025-02-27 S (before March), N5 2025-03-20 attributed to nobody
- N6 2025-03-10 S in the other company
- N7 2024-03-15 K (March 2024, when C's 80 is the only purchase)
"""

from datetime import date, datetime

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from ..kpis import shared_results
from .common import MARCH, CrmSuccessCase, KpiPeriodsMixin
from .common_drill import DrillMixin

MARCH_2024 = (date(2024, 3, 1), date(2024, 3, 31))
NETWORK_KPIS = [
    "network_revenue_share",
    "network_complaints_count",
    "network_complaints_per_100_orders",
]


@tagged("post_install", "-at_install")
class TestNetworkKpis(CrmSuccessCase, KpiPeriodsMixin, DrillMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        Partner = cls.env["res.partner"]
        cls.reseller = Partner.create(
            {"name": "R", "is_company": True, "network_role": "reseller"}
        )
        agent = Partner.create({"name": "R's agent", "parent_id": cls.reseller.id})
        cls.supplier = Partner.create(
            {"name": "S", "is_company": True, "network_role": "supplier"}
        )
        cls.carrier = Partner.create(
            {"name": "K", "is_company": True, "network_role": "carrier"}
        )
        (cls.g | cls.f).referred_by_id = cls.reseller
        cls.e.referred_by_id = agent

        def complaint(received, responsible=None, company=cls.company):
            return {
                "partner_id": cls.a.id if company == cls.company else cls.shared.id,
                "company_id": company.id,
                "date_received": received,
                "responsible_partner_id": responsible and responsible.id,
            }

        cls.env["crm.complaint"].with_context(
            allowed_company_ids=[cls.company.id, cls.other_company.id]
        ).create(
            [
                complaint("2025-03-02 08:00:00", cls.supplier),
                complaint("2025-03-10 00:00:00", cls.carrier),
                complaint("2025-03-31 22:00:00", cls.supplier),
                complaint("2025-02-27 00:00:00", cls.supplier),
                complaint("2025-03-20 00:00:00"),
                complaint("2025-03-10 00:00:00", cls.supplier, cls.other_company),
                complaint("2024-03-15 00:00:00", cls.carrier),
            ]
        )

    def test_network_revenue_share(self):
        # March: 800 USD of purchases (A 200, D 300, D1 100, E 100, G 100);
        # from the network: G 100 + E 100 = 200 -> 25 %
        self.assertMeasure("network_revenue_share", 25.0, 200.0, 800.0)
        # March 2024: C's 80, not from the network -> 0 %
        self.assertMeasure("network_revenue_share", 0.0, 0.0, 80.0, period=MARCH_2024)
        # the referred revenue counts D (referred by A) too: 300 + 100 + 200
        self.assertMeasure("referred_revenue", 600.0)

    def test_network_complaints(self):
        # March: N1, N2, N3 (N4 before, N5 nobody's, N6 another company's)
        self.assertMeasure("network_complaints_count", 3.0)
        # 3 / 5 purchases × 100
        self.assertMeasure("network_complaints_per_100_orders", 60.0, 3.0, 5.0)
        # March 2024: N7 / C's one purchase × 100
        self.assertMeasure(
            "network_complaints_per_100_orders", 100.0, 1.0, 1.0, period=MARCH_2024
        )
        # all complaints of March still count in the general ratio: 4 / 5
        self.assertMeasure("complaints_per_100_orders", 80.0, 4.0, 5.0)

    def test_query_counts(self):
        """Alone, each KPI runs the query of its source: the purchase totals
        (after the purchases' pending changes are looked up, one query), the
        complaint counts; the per-100-orders ratio both. Measured once before,
        so that the records it reads (KPI, company) are in the cache."""
        kpis = {code: self.kpi(code) for code in NETWORK_KPIS}
        for code, queries in (
            ("network_revenue_share", 2),
            ("network_complaints_count", 1),
            ("network_complaints_per_100_orders", 3),
        ):
            kpis[code].compute_value(*MARCH, self.company)
            self.env.flush_all()
            with self.subTest(code=code), self.assertQueryCount(queries):
                kpis[code].compute_value(*MARCH, self.company)

    def test_no_query_of_their_own_in_a_scorecard(self):
        codes = [
            "sales_revenue",
            "complaints_count",
            "referred_revenue",
            "complaints_per_100_orders",
            *NETWORK_KPIS,
        ]
        results = self.assertSameAloneAndTogether(
            codes, [MARCH, MARCH_2024], self.company
        )
        self.assertAlmostEqual(results[MARCH]["network_revenue_share"]["value"], 25.0)
        kpis = self.env["crm.success.kpi"].search([("code", "in", codes)])
        by_code = {kpi.code: kpi for kpi in kpis}
        self.env.flush_all()
        with shared_results(self.env, [MARCH], kpis.mapped("handler")) as env:
            for code in ("sales_revenue", "complaints_count"):
                by_code[code].with_env(env).compute_value(*MARCH, self.company)
            with self.assertQueryCount(0):
                for code in NETWORK_KPIS:
                    by_code[code].with_env(env).compute_value(*MARCH, self.company)

    def test_drill_down(self):
        reader = new_test_user(
            self.env,
            login="network_drill_reader",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user,"
            "sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        lines = self.drill_lines(NETWORK_KPIS, MARCH, self.company)
        self.assertDrillMatches(lines, reader)
        purchases = self.env["crm.lifecycle.purchase"].search(
            lines["network_revenue_share"].action_drill_numerator()["domain"]
        )
        self.assertEqual(purchases.partner_id, self.e | self.g)


@tagged("post_install", "-at_install")
class TestNetworkEmployeeReport(CrmSuccessCase):
    """Employee Emp (user U) is the salesperson of A and G; B's salesperson
    has no employee. Complaints naming Emp: two in March 2025. Survey answers
    (NPS, CSAT) of A's and G's contacts: (10, 5), (9, 3), (4, 4); of B:
    (0, 1). Service contacts taken by U: resolved at the first contact,
    resolved later, abandoned; one by another agent."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.agent = new_test_user(
            cls.env,
            login="network_agent",
            groups="base.group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.employee = cls.env["hr.employee"].create(
            {"name": "Emp", "user_id": cls.agent.id, "company_id": cls.company.id}
        )
        (cls.a | cls.g).user_id = cls.agent
        cls.b.user_id = cls.manager  # no employee: not in the analysis
        survey = cls.env["survey.survey"].create({"title": "Network survey"})
        nps, csat = cls.env["survey.question"].create(
            [
                {
                    "survey_id": survey.id,
                    "title": "Recommend?",
                    "question_type": "scale",
                    "scale_min": 0,
                    "scale_max": 10,
                },
                {
                    "survey_id": survey.id,
                    "title": "Satisfied?",
                    "question_type": "scale",
                    "scale_min": 1,
                    "scale_max": 5,
                },
            ]
        )
        cls.company.write(
            {
                "crm_success_nps_question_id": nps.id,
                "crm_success_csat_question_id": csat.id,
            }
        )
        for partner, nps_value, csat_value in (
            (cls.a, 10, 5),
            (cls.g, 9, 3),
            (cls.a, 4, 4),
            (cls.b, 0, 1),
        ):
            answer = cls.env["survey.user_input"].create(
                {
                    "survey_id": survey.id,
                    "partner_id": partner.id,
                    "state": "done",
                    "end_datetime": datetime(2025, 3, 15, 12),
                }
            )
            cls.env["survey.user_input.line"].create(
                [
                    {
                        "user_input_id": answer.id,
                        "survey_id": survey.id,
                        "question_id": question.id,
                        "answer_type": "scale",
                        "value_scale": value,
                    }
                    for question, value in ((nps, nps_value), (csat, csat_value))
                ]
            )
        cls.env["crm.complaint"].create(
            [
                {
                    "partner_id": cls.a.id,
                    "company_id": cls.company.id,
                    "employee_id": cls.employee.id,
                    "date_received": received,
                }
                for received in ("2025-03-03 10:00:00", "2025-03-21 10:00:00")
            ]
        )
        queued = datetime(2025, 3, 10, 9)
        cls.env["crm.service.contact"].create(
            [
                {"queued_at": queued, "user_id": user.id, **vals}
                for user, vals in (
                    (cls.agent, {"resolved": True, "first_contact_resolution": True}),
                    (cls.agent, {"resolved": True}),
                    (cls.agent, {"abandoned": True}),
                    (cls.manager, {"resolved": True}),
                )
            ]
        )

    def test_employee_figures(self):
        report = self.env["crm.network.employee.report"].with_user(self.manager)
        rows = report._read_group(
            [],
            ["employee_id"],
            [
                "customers_handled:sum",
                "complaint_count:sum",
                "nps_answers:sum",
                "nps_score:avg",
                "csat_answers:sum",
                "csat_score:avg",
                "service_contacts:sum",
                "resolved_contacts:sum",
                "fcr_score:avg",
            ],
        )
        # A and G (B's salesperson has no employee); 2 complaints; NPS of
        # 10, 9, 4: 2 promoters, 1 detractor of 3 -> +33.3; CSAT 5, 3, 4:
        # 2 of 3 -> 66.7 %; contacts: 2 handled (1 abandoned), 2 resolved,
        # 1 at the first contact -> 50 %
        [(employee, *figures)] = rows
        self.assertEqual(employee, self.employee)
        expected = [2, 2, 3, 100.0 / 3, 3, 200.0 / 3, 2, 2, 50.0]
        for got, wanted in zip(figures, expected, strict=True):
            self.assertAlmostEqual(got, wanted, places=4)
        first = report.search(
            [("kind", "=", "customer"), ("customer_id", "=", self.a.id)]
        )
        self.assertEqual(first.date, date(2024, 6, 10))  # A's first purchase

    def test_success_user_cannot_read(self):
        with self.assertRaises(AccessError):
            self.env["crm.network.employee.report"].with_user(self.user).search([])

    def test_other_company_hidden(self):
        self.env["hr.employee"].create(
            {
                "name": "Other Emp",
                "user_id": self.agent.id,
                "company_id": self.other_company.id,
            }
        )
        self.shared.user_id = self.agent  # bought from the other company
        report = self.env["crm.network.employee.report"]
        self.assertTrue(
            report.sudo().search([("company_id", "=", self.other_company.id)])
        )
        self.assertFalse(
            report.with_user(self.manager).search(
                [("company_id", "=", self.other_company.id)]
            )
        )
