# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.tests import tagged

from odoo.addons.crm_lifecycle.tests.common import LifecycleCommon

LOYAL_DAYS = ("2025-01-01", "2025-02-01", "2025-03-01", "2025-04-01")


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestNpsAdvocate(LifecycleCommon):
    """Promoters (latest NPS answer 9-10) that are loyal become advocates."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.survey = cls.env["survey.survey"].create({"title": "Advocate survey"})
        cls.question = cls.env["survey.question"].create(
            {
                "survey_id": cls.survey.id,
                "title": "How likely are you to recommend us?",
                "question_type": "scale",
                "scale_min": 0,
                "scale_max": 10,
            }
        )
        cls.company.crm_success_nps_question_id = cls.question

    @classmethod
    def _customer(cls, name, **vals):
        """A customer of the test company, whose NPS question it is."""
        return super()._customer(name, **{"company_id": cls.company.id, **vals})

    def _loyal_customer(self, name, **vals):
        """4 purchases within a year: loyal on 2025-04-01."""
        customer = self._customer(name, **vals)
        for day in LOYAL_DAYS:
            self._buy(customer, self.d(day))
        self.assertStage(customer, "loyal")
        return customer

    def _answer(self, partner, value, when, state="done"):
        user_input = self.env["survey.user_input"].create(
            {
                "survey_id": self.survey.id,
                "partner_id": partner.id,
                "state": state,
                "end_datetime": when,
            }
        )
        self.env["survey.user_input.line"].create(
            {
                "user_input_id": user_input.id,
                "survey_id": self.survey.id,
                "question_id": self.question.id,
                "answer_type": "scale",
                "value_scale": value,
            }
        )

    def test_loyal_promoter_is_advocate(self):
        customer = self._loyal_customer("Promoter")
        contact = self._customer("Contact", is_company=False, parent_id=customer.id)
        # a contact of the company answers 9; a later unfinished 3 does not count
        self._answer(contact, 9, datetime(2025, 5, 10, 9))
        self._answer(contact, 3, datetime(2025, 6, 1, 9), state="in_progress")
        customer._lifecycle_refresh()
        self.assertStage(customer, "advocate")
        self.assertEqual(customer.lifecycle_stage_date, self.d("2025-05-10"))

    def test_latest_answer_decides(self):
        customer = self._loyal_customer("Former promoter")
        self._answer(customer, 10, datetime(2025, 5, 10, 9))
        self._answer(customer, 6, datetime(2025, 6, 10, 9))
        customer._lifecycle_refresh()
        self.assertStage(customer, "loyal")

    def test_setting_off_keeps_promoters_loyal(self):
        self.company.crm_success_nps_advocate = False
        customer = self._loyal_customer("Ignored promoter")
        self._answer(customer, 9, datetime(2025, 5, 10, 9))
        customer._lifecycle_refresh()
        self.assertStage(customer, "loyal")

    def test_promoter_needs_the_loyal_purchases(self):
        customer = self._customer("Occasional promoter")
        self._buy(customer, self.d("2025-05-01"))
        self._answer(customer, 10, datetime(2025, 5, 10, 9))
        customer._lifecycle_refresh()
        # one purchase: rule 6 (new), the answer alone does not make an advocate
        self.assertStage(customer, "new")

    def test_rebuild_dates_the_advocate_step_on_the_answer_day(self):
        customer = self._loyal_customer("Rebuilt promoter")
        bystander = self._loyal_customer("Rebuilt bystander")
        # late in the UTC day: the answer's day is its UTC date, as in the KPI
        self._answer(customer, 10, datetime(2025, 5, 10, 23, 30))
        self.env["crm.lifecycle.history"]._rebuild(customer | bystander)
        steps = [
            (row.date, row.stage_to_id.code)
            for row in customer.lifecycle_history_ids.sorted("date")
        ]
        # new on the 1st purchase, repeat on the 2nd, loyal on the 4th,
        # advocate when it answered 10
        self.assertEqual(
            steps,
            [
                (self.d("2025-01-01"), "new"),
                (self.d("2025-02-01"), "repeat"),
                (self.d("2025-04-01"), "loyal"),
                (self.d("2025-05-10"), "advocate"),
            ],
        )
        self.assertStage(bystander, "loyal")

    def test_promoter_evidence_costs_one_query(self):
        customers = self._loyal_customer("Bulk 1") | self._loyal_customer("Bulk 2")
        for customer in customers:
            self._answer(customer, 9, datetime(2025, 5, 10, 9))

        def queries(partners):
            self.env.invalidate_all()
            start = self.cr.sql_log_count
            partners._lifecycle_refresh()
            return self.cr.sql_log_count - start

        # each call changes at least one stage (loyal <-> advocate), so each
        # writes the figures and inserts history rows: the same statements
        with_evidence = queries(customers[0])
        # the same number of queries for two partners: one set-based query
        self.assertEqual(queries(customers), with_evidence)
        self.company.crm_success_nps_advocate = False
        self.env.flush_all()
        # setting off: the evidence query is not run
        self.assertEqual(queries(customers), with_evidence - 1)

    def test_the_customers_company_decides_not_who_runs_it(self):
        promoter = self._loyal_customer("Promoter of the test company")
        # shared: the main company's settings apply, promoters are not
        # advocates there
        shared = self._loyal_customer("Shared promoter", company_id=False)
        main = self.env.ref("base.main_company")
        main.write(
            {
                "crm_success_nps_question_id": self.question.id,
                "crm_success_nps_advocate": False,
            }
        )
        for customer in promoter | shared:
            self._answer(customer, 10, datetime(2025, 5, 10, 9))
        for company in (main, self.company):
            with self.subTest(run_by=company.name):
                (promoter | shared).with_company(company)._lifecycle_refresh()
                self.assertStage(promoter, "advocate")
                self.assertStage(shared, "loyal")
