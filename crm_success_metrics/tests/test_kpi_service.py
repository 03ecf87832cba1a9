# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime, timedelta

from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from ..kpis import shared_results
from .common import KpiPeriodsMixin
from .common_drill import DrillMixin

JAN = (date(2026, 1, 1), date(2026, 1, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))


@tagged("post_install", "-at_install")
class TestServiceKpis(TransactionCase, KpiPeriodsMixin, DrillMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Service KPI Co", "crm_success_service_level_seconds": 20}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Service Co"})
        queued = datetime(2026, 1, 10, 9, 0)

        def contact(wait=None, company=cls.company, when=queued, **values):
            answered = when + timedelta(seconds=wait) if wait is not None else False
            return dict(
                values, queued_at=when, answered_at=answered, company_id=company.id
            )

        cls.env["crm.service.contact"].create(
            [
                # 1: answered after 10 s, resolved at first contact, case A
                contact(10, resolved=True, first_contact_resolution=True, case_ref="A"),
                # 2: answered after 30 s, resolved later, case B
                contact(30, resolved=True, case_ref="B"),
                # 3: abandoned
                contact(abandoned=True),
                # 4: answered after exactly 20 s (meets the target), unresolved, case B
                contact(20, case_ref="B"),
                # 5: outbound call back solving case B at first contact
                contact(
                    0,
                    direction="outbound",
                    resolved=True,
                    first_contact_resolution=True,
                    case_ref="B",
                ),
                # outside the period and another company's: ignored
                contact(500, when=datetime(2026, 2, 1, 0, 0)),
                contact(500, company=cls.other_company),
            ]
        )

    def test_avg_speed_of_answer(self):
        # answered inbound: waits 10 + 30 + 20 = 60 s over 3 contacts = 20 s
        result = self.env["crm.success.kpi"]._kpi_avg_speed_of_answer(
            *JAN, self.company
        )
        self.assertEqual((result["numerator"], result["denominator"]), (60.0, 3))
        self.assertAlmostEqual(result["value"], 20.0)

    def test_contact_kpis_of_a_scorecard_share_one_query(self):
        codes = [
            "avg_speed_of_answer",
            "abandonment_rate",
            "service_level",
            "first_contact_resolution_rate",
            "contacts_per_resolution",
        ]
        self.env.flush_all()
        with shared_results(self.env) as env:
            kpis = env["crm.success.kpi"]
            before = env.cr.sql_log_count
            getattr(kpis, f"_kpi_{codes[0]}")(*JAN, self.company)
            first = env.cr.sql_log_count - before
            for code in codes[1:]:
                getattr(kpis, f"_kpi_{code}")(*JAN, self.company)
            self.assertEqual(env.cr.sql_log_count - before, first)
        self.assertGreater(first, 0)

    def test_alone_and_in_a_scorecard(self):
        results = self.assertSameAloneAndTogether(
            ["avg_speed_of_answer", "abandonment_rate", "contacts_per_resolution"],
            [JAN, FEB],
            self.company,
        )
        # January as in the tests above; February: the one contact of Feb 1,
        # inbound, answered after 500 s, no case
        self.assertAlmostEqual(results[JAN]["avg_speed_of_answer"]["value"], 20.0)
        self.assertAlmostEqual(results[JAN]["abandonment_rate"]["value"], 25.0)
        self.assertAlmostEqual(results[JAN]["contacts_per_resolution"]["value"], 1.5)
        self.assertAlmostEqual(results[FEB]["avg_speed_of_answer"]["value"], 500.0)
        self.assertAlmostEqual(results[FEB]["abandonment_rate"]["value"], 0.0)
        self.assertIsNone(results[FEB]["contacts_per_resolution"]["value"])

    def test_abandonment_rate(self):
        # 1 abandoned of 4 inbound queued = 25 %
        result = self.env["crm.success.kpi"]._kpi_abandonment_rate(*JAN, self.company)
        self.assertAlmostEqual(result["value"], 25.0)

    def test_service_level(self):
        # answered within 20 s: contacts 1 (10 s) and 4 (20 s) = 2 of 4 inbound = 50 %
        result = self.env["crm.success.kpi"]._kpi_service_level(*JAN, self.company)
        self.assertAlmostEqual(result["value"], 50.0)
        self.company.crm_success_service_level_seconds = 30
        # with 30 s, contact 2 also meets it: 3 of 4 = 75 %
        result = self.env["crm.success.kpi"]._kpi_service_level(*JAN, self.company)
        self.assertAlmostEqual(result["value"], 75.0)

    def test_first_contact_resolution_rate(self):
        # resolved: 1, 2, 5; of which at first contact: 1 and 5 -> 2 / 3
        result = self.env["crm.success.kpi"]._kpi_first_contact_resolution_rate(
            *JAN, self.company
        )
        self.assertAlmostEqual(result["value"], 200 / 3)

    def test_contacts_per_resolution(self):
        # inbound with a case: 1 (A), 2 (B), 4 (B) = 3; resolved cases: A, B = 2 -> 1.5
        result = self.env["crm.success.kpi"]._kpi_contacts_per_resolution(
            *JAN, self.company
        )
        self.assertAlmostEqual(result["value"], 1.5)

    def test_drill_down_opens_the_contacts_counted(self):
        """A success user (who reads the service contacts) opens as many as
        each line counts; the resolved cases are the groups of their list."""
        codes = [
            "avg_speed_of_answer",
            "abandonment_rate",
            "service_level",
            "first_contact_resolution_rate",
            "contacts_per_resolution",
            "service_cost_per_contact",
        ]
        lines = self.drill_lines(codes, JAN, self.company)
        user = new_test_user(
            self.env,
            login="drill_service_user",
            groups="crm_success_metrics.crm_success_metrics_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        # handled (not abandoned, both directions): 1, 2, 4, 5
        per_contact = lines.pop("service_cost_per_contact")
        self.assertEqual(per_contact.denominator, 4.0)
        self.assertEqual(self.drilled(per_contact, "denominator", user), 4)
        # the service cost is in journal items, which they may not read
        with self.assertRaises(AccessError):
            per_contact.with_user(user).action_drill_numerator()
        self.assertDrillMatches(lines, user)
        action = lines["contacts_per_resolution"].action_drill_denominator()
        self.assertEqual(action["context"]["group_by"], ["case_ref"])

    def test_no_data(self):
        result = self.env["crm.success.kpi"]._kpi_abandonment_rate(
            date(2025, 1, 1), date(2025, 1, 31), self.company
        )
        self.assertIsNone(result["value"])
        self.assertEqual(result["denominator"], 0)


@tagged("post_install", "-at_install")
class TestEmailResponseKpis(TransactionCase, KpiPeriodsMixin, DrillMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Mail KPI Co", "crm_success_email_target_hours": 24}
        )
        cls.other_company = cls.env["res.company"].create({"name": "Other Mail Co"})
        cls.agent = new_test_user(
            cls.env,
            login="mail_agent",
            groups="base.group_user",
            company_id=cls.company.id,
        )
        cls.portal = new_test_user(
            cls.env, login="mail_portal", groups="base.group_portal"
        )
        cls.customer = cls.env["res.partner"].create({"name": "Writing Customer"})
        lead = cls.env["crm.lead"].create(
            {"name": "Mail lead", "company_id": cls.company.id}
        )
        partner = cls.customer
        quiet_lead = cls.env["crm.lead"].create(
            {"name": "Outbound lead", "company_id": cls.company.id}
        )
        other_lead = cls.env["crm.lead"].create(
            {"name": "Other lead", "company_id": cls.other_company.id}
        )
        comment = cls.env.ref("mail.mt_comment")
        note = cls.env.ref("mail.mt_note")

        def message(
            record, author, when, message_type="email", subtype=comment, company=None
        ):
            return {
                "model": record._name,
                "res_id": record.id,
                "record_company_id": (company or cls.company).id,
                "author_id": author.id,
                "date": when,
                "message_type": message_type,
                "subtype_id": subtype.id,
                "body": "Hello",
            }

        agent, customer, portal = (
            cls.agent.partner_id,
            cls.customer,
            cls.portal.partner_id,
        )
        cls.env["mail.message"].create(
            [
                # e-mail 1 on the lead, Jan 10 08:00
                message(lead, customer, datetime(2026, 1, 10, 8)),
                # a portal user's answer and an internal note do not count ...
                message(lead, portal, datetime(2026, 1, 10, 9), "comment"),
                message(lead, agent, datetime(2026, 1, 10, 10), "comment", note),
                # ... the agent's reply at 14:00 does: 6 hours
                message(lead, agent, datetime(2026, 1, 10, 14), "comment"),
                # e-mail 2 on the lead, Jan 12 08:00, answered Jan 14 08:00: 48 hours
                message(lead, customer, datetime(2026, 1, 12, 8)),
                message(lead, agent, datetime(2026, 1, 14, 8), "email"),
                # e-mail 3 on the partner, never answered
                message(partner, customer, datetime(2026, 1, 20, 8)),
                # an e-mail written by the agent is not a customer e-mail
                message(quiet_lead, agent, datetime(2026, 1, 21, 8)),
                # received in February, or by another company: ignored
                message(lead, customer, datetime(2026, 2, 1, 8)),
                message(
                    other_lead,
                    customer,
                    datetime(2026, 1, 10, 8),
                    company=cls.other_company,
                ),
            ]
        )

    def test_email_first_response_hours(self):
        # answered e-mails: 6 h and 48 h -> 54 / 2 = 27 h
        result = self.env["crm.success.kpi"]._kpi_email_first_response_hours(
            *JAN, self.company
        )
        self.assertEqual(result["denominator"], 2)
        self.assertAlmostEqual(result["numerator"], 54.0)
        self.assertAlmostEqual(result["value"], 27.0)

    def test_email_answered_in_target(self):
        # 3 e-mails received; only the 6 h answer is within 24 h -> 1 / 3
        result = self.env["crm.success.kpi"]._kpi_email_answered_in_target(
            *JAN, self.company
        )
        self.assertEqual((result["numerator"], result["denominator"]), (1, 3))
        self.assertAlmostEqual(result["value"], 100 / 3)
        # with a 48 h target the second answer counts too -> 2 / 3
        self.company.crm_success_email_target_hours = 48
        result = self.env["crm.success.kpi"]._kpi_email_answered_in_target(
            *JAN, self.company
        )
        self.assertAlmostEqual(result["value"], 200 / 3)

    def test_drill_down_opens_the_emails_counted(self):
        """A success user who reads the leads opens the customer e-mails, as
        many as each line counts; the 54 hours are those of 2 answers."""
        codes = ["email_first_response_hours", "email_answered_in_target"]
        lines = self.drill_lines(codes, JAN, self.company)
        user = new_test_user(
            self.env,
            login="drill_mail_user",
            groups="crm_success_metrics.crm_success_metrics_group_user,"
            "sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertDrillMatches(
            lines, user, {("email_first_response_hours", "numerator"): 2}
        )

    def test_alone_and_in_a_scorecard(self):
        results = self.assertSameAloneAndTogether(
            ["email_first_response_hours", "email_answered_in_target"],
            [JAN, FEB],
            self.company,
        )
        # January as above; February: the e-mail of Feb 1, never answered
        january, february = results[JAN], results[FEB]
        self.assertAlmostEqual(january["email_first_response_hours"]["value"], 27.0)
        self.assertAlmostEqual(january["email_answered_in_target"]["value"], 100 / 3)
        self.assertIsNone(february["email_first_response_hours"]["value"])
        self.assertEqual(february["email_first_response_hours"]["denominator"], 0)
        self.assertEqual(february["email_answered_in_target"]["value"], 0.0)
        self.assertEqual(february["email_answered_in_target"]["denominator"], 1)
