# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from odoo import Command
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

# The digest's week: Jan 25 00:00 to Feb 1 00:00, i.e. the days Jan 25..31.
PERIOD = {"start_datetime": datetime(2026, 1, 25), "end_datetime": datetime(2026, 2, 1)}


@tagged("post_install", "-at_install")
class TestDigestKpis(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Digest Co"})
        cls.user = new_test_user(
            cls.env,
            login="digest_reader",
            groups="sales_team.group_sale_salesman,"
            "crm_success_metrics.crm_success_metrics_group_user,"
            "crm_lifecycle.crm_lifecycle_group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.digest = cls.env["digest.digest"].create(
            {"name": "Weekly", "company_id": cls.company.id, "periodicity": "weekly"}
        )

    def _digest(self, user=None):
        return self.digest.with_user(user or self.user).with_context(**PERIOD)

    def test_default_digest_activates_the_kpis(self):
        default = self.env.ref("digest.digest_digest_default")
        self.assertTrue(default.kpi_crm_success_index and default.kpi_crm_complaints)

    def test_success_index(self):
        self.env["crm.success.scorecard"].create(
            [
                {
                    "company_id": self.company.id,
                    "period_type": "month",
                    "date_from": date_from,
                    "date_to": date_to,
                    "success_index": index,
                }
                for date_from, date_to, index in (
                    ("2025-12-01", "2025-12-31", 40.0),
                    ("2026-01-01", "2026-01-31", 62.5),
                    ("2026-02-01", "2026-02-28", 99.0),  # starts after the digest
                )
            ]
        )
        # the latest scorecard started before Feb 1 is January's
        self.assertEqual(self._digest().kpi_crm_success_index_value, 62.5)

    def test_new_customers(self):
        product = self.env["product.product"].create({"name": "Digest widget"})
        returning, new = self.env["res.partner"].create(
            [{"name": "Returning"}, {"name": "New"}]
        )
        for partner, when in (
            (returning, datetime(2026, 1, 10)),
            (returning, datetime(2026, 1, 27)),
            (new, datetime(2026, 1, 26)),
        ):
            order = self.env["sale.order"].create(
                {
                    "partner_id": partner.id,
                    "company_id": self.company.id,
                    "order_line": [Command.create({"product_id": product.id})],
                }
            )
            order.action_confirm()
            order.date_order = when
        # only "New" ordered for the first time between Jan 25 and 31
        self.assertEqual(self._digest().kpi_crm_new_customers_value, 1)

    def test_nps(self):
        survey = self.env["survey.survey"].create({"title": "Digest NPS"})
        question = self.env["survey.question"].create(
            {"survey_id": survey.id, "title": "Recommend?", "question_type": "scale"}
        )
        self.company.crm_success_nps_question_id = question
        for score in (10, 9, 6):
            answer = self.env["survey.user_input"].create(
                {
                    "survey_id": survey.id,
                    "state": "done",
                    "end_datetime": datetime(2026, 1, 28),
                }
            )
            self.env["survey.user_input.line"].create(
                {
                    "user_input_id": answer.id,
                    "survey_id": survey.id,
                    "question_id": question.id,
                    "answer_type": "scale",
                    "value_scale": score,
                }
            )
        # promoters 2, detractors 1 of 3 answers: +33.3 -> 33
        self.assertEqual(self._digest().kpi_crm_nps_value, 33)

    def test_complaints(self):
        customer = self.env["res.partner"].create({"name": "Complaining"})
        self.env["crm.complaint"].create(
            [
                {
                    "partner_id": customer.id,
                    "company_id": self.company.id,
                    "date_received": received,
                }
                for received in (
                    "2026-01-25 08:00:00",
                    "2026-01-31 20:00:00",
                    "2026-01-24",
                )
            ]
        )
        # two received from Jan 25 on; the Jan 24 one is before the period
        self.assertEqual(self._digest().kpi_crm_complaints_value, 2)

    def test_no_access_no_line(self):
        employee = new_test_user(
            self.env,
            login="digest_plain",
            groups="base.group_user",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError):
            self._digest(employee).kpi_crm_complaints_value  # noqa: B018
        with self.assertRaises(AccessError):
            self._digest(employee).kpi_crm_success_index_value  # noqa: B018
