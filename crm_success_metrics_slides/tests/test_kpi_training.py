# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, datetime

from dateutil.relativedelta import relativedelta

from odoo import fields
from odoo.exceptions import UserError
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_success_metrics.tests.common import KpiPeriodsMixin, set_columns
from odoo.addons.crm_success_metrics.tests.common_drill import DrillMixin

JAN = (date(2026, 1, 1), date(2026, 1, 31))
FEB = (date(2026, 2, 1), date(2026, 2, 28))
CODE = "crm_training_completion_rate"


@tagged("post_install", "-at_install", "is_query_count")
class TestTrainingKpi(TransactionCase, KpiPeriodsMixin, DrillMixin):
    """Two training courses. Ann finished both in January; Bob the first in
    January, the second on February 3; Cid, a sales person from February
    10, both on February 15; Eve (no sales group) both in January."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Training Co"})
        courses = cls.env["slide.channel"].create(
            [{"name": "CRM basics"}, {"name": "Pipeline discipline"}]
        )
        cls.company.crm_success_training_channel_ids = courses
        cls.other_course = cls.env["slide.channel"].create({"name": "Cooking"})

        def user(login, created, groups="sales_team.group_sale_salesman"):
            record = new_test_user(
                cls.env,
                login=login,
                groups=groups,
                company_id=cls.company.id,
                company_ids=[cls.company.id],
            )
            set_columns(record, create_date=datetime.fromisoformat(created))
            return record

        cls.ann = user("train_ann", "2025-12-01")
        cls.bob = user("train_bob", "2025-12-01")
        cls.cid = user("train_cid", "2026-02-10")
        eve = user("train_eve", "2025-12-01", groups="base.group_user")
        first, second = courses
        for member, course, finished in (
            (cls.ann, first, "2026-01-10"),
            (cls.ann, second, "2026-01-20"),
            (cls.bob, first, "2026-01-05"),
            (cls.bob, second, "2026-02-03"),
            (cls.bob, cls.other_course, "2026-01-05"),
            (cls.cid, first, "2026-02-15"),
            (cls.cid, second, "2026-02-15"),
            (eve, first, "2026-01-05"),
            (eve, second, "2026-01-05"),
        ):
            membership = cls.env["slide.channel.partner"].create(
                {
                    "channel_id": course.id,
                    "partner_id": member.partner_id.id,
                    "member_status": "completed",
                    "completion": 100,
                }
            )
            set_columns(
                membership,
                crm_success_completed_at=datetime.fromisoformat(finished),
            )

    def measure(self, period):
        kpi = self.env["crm.success.kpi"]
        return kpi._kpi_crm_training_completion_rate(*period, self.company)

    def test_training_completion(self):
        # January: CRM users Ann and Bob; Ann finished both -> 1 / 2
        result = self.measure(JAN)
        self.assertEqual((result["numerator"], result["denominator"]), (1, 2))
        self.assertAlmostEqual(result["value"], 50.0)
        # February: Ann, Bob (second course on Feb 3), Cid -> 3 / 3
        result = self.measure(FEB)
        self.assertEqual((result["numerator"], result["denominator"]), (3, 3))
        self.assertAlmostEqual(result["value"], 100.0)

    def test_no_course_chosen_is_an_error(self):
        self.company.crm_success_training_channel_ids = False
        with self.assertRaisesRegex(UserError, "No CRM training course"):
            self.measure(JAN)

    def test_alone_and_in_a_scorecard(self):
        results = self.assertSameAloneAndTogether([CODE], [JAN, FEB], self.company)
        self.assertAlmostEqual(results[JAN][CODE]["value"], 50.0)

    def test_query_count(self):
        """One query for both periods of a scorecard."""
        self.assertScorecardQueries([CODE], [JAN, FEB], self.company, 1)

    def test_drill_down(self):
        lines = self.drill_lines([CODE], JAN, self.company)
        user = new_test_user(
            self.env,
            login="train_drill",
            groups="crm_success_metrics.crm_success_metrics_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertDrillMatches(lines, user)

    def test_finishing_a_course_is_dated(self):
        membership = self.env["slide.channel.partner"].search(
            [("partner_id", "=", self.ann.partner_id.id)], limit=1
        )
        membership._post_completion_update_hook(completed=True)
        self.assertEqual(
            membership.crm_success_completed_at.date(), fields.Datetime.now().date()
        )
        membership._post_completion_update_hook(completed=False)
        self.assertFalse(membership.crm_success_completed_at)


@tagged("post_install", "-at_install")
class TestTrainingDemo(TransactionCase):
    def test_demo_measures_training(self):
        """Mitchell Admin finished the demo's two courses two months ago,
        Marc Demo one: half of the CRM users are trained at the end of the
        last closed month."""
        company = self.env.ref("base.main_company")
        if not company.crm_success_training_channel_ids:
            self.skipTest("installed without demo data")
        first_of_month = fields.Date.context_today(company).replace(day=1)
        period = (
            first_of_month - relativedelta(months=1),
            first_of_month - relativedelta(days=1),
        )
        kpi = self.env["crm.success.kpi"].search([("handler", "=", CODE)])
        result = kpi.compute_value(*period, company)
        self.assertEqual((result["numerator"], result["denominator"]), (1, 2))
