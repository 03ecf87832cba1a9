# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""One meaning per word: the churn and activity KPIs follow the lifecycle's
churn rule and the company's thresholds, so that KPIs, stages and history
agree (see the README, "Definitions")."""

from datetime import date

from freezegun import freeze_time

from odoo.tests import new_test_user, tagged

from .test_kpi_purchases import InvoicingCompanyCase

JUNE = (date(2025, 6, 1), date(2025, 6, 30))


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestKpiDefinitions(InvoicingCompanyCase):
    """A company whose purchases are invoices, churned after 180 days.

    Invoices: Ann 2024-12-20; Bob 2024-12-10 and 2025-06-20; Cal 2025-03-01;
    Dan 2024-06-01; Eve 2024-12-01. Churned after 180 days without a purchase:
    Ann on 2025-06-19, Bob on 2025-06-09 (he buys again on 06-20), Dan on
    2024-11-29, Eve on 2025-05-31. The KPIs used to count activity on a fixed
    365-day window of confirmed orders: here no order at all, and with orders
    Ann and Eve would still have been active in June.
    """

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company.lifecycle_churn_days = 180
        cls.manager = new_test_user(
            cls.env,
            login="definitions_lifecycle_manager",
            groups="base.group_user,crm_lifecycle.crm_lifecycle_group_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )

    def test_churn_kpis_agree_with_the_lifecycle(self):
        ann, bob, cal, dan, eve = (
            self.customer(name) for name in ("Ann", "Bob", "Cal", "Dan", "Eve")
        )
        for partner, day in (
            (ann, "2024-12-20"),
            (bob, "2024-12-10"),
            (bob, "2025-06-20"),
            (cal, "2025-03-01"),
            (dan, "2024-06-01"),
            (eve, "2024-12-01"),
        ):
            self.posted(partner, day, 100.0)
        # the lifecycle replays every purchase up to today (06-30)
        self.env["crm.lifecycle.maintenance.wizard"].with_user(self.manager).create(
            {"operation": "rebuild"}
        ).action_run()
        customers = ann | bob | cal | dan | eve
        churned_stage = customers.filtered(
            lambda partner: partner.lifecycle_stage_id.code == "churned"
        )
        self.assertEqual(churned_stage, ann | dan | eve)
        churned_in_june = self.env["crm.lifecycle.history"].search(
            [
                ("partner_id", "in", customers.ids),
                ("stage_to_id.code", "=", "churned"),
                ("date", ">=", JUNE[0]),
                ("date", "<=", JUNE[1]),
            ]
        )
        self.assertEqual(
            sorted((r.partner_id.name, str(r.date)) for r in churned_in_june),
            [("Ann", "2025-06-19"), ("Bob", "2025-06-09")],
        )

        def measure(code):
            kpi = self.env["crm.success.kpi"].search([("code", "=", code)])
            result = kpi.compute_value(*JUNE, self.company)
            return result["value"], result["numerator"], result["denominator"]

        # active at the start of June (a purchase since 2024-12-02): Ann, Bob,
        # Cal; on 06-30 (since 2025-01-01): Bob, Cal. Ann churned in June and
        # did not buy again: 1 / 3.
        self.assertEqual(measure("active_customers")[0], 2.0)
        self.assertEqual(measure("customer_retention_rate"), (200 / 3, 2.0, 3.0))
        self.assertEqual(measure("churn_rate"), (100 / 3, 1.0, 3.0))
        # the customers not active are those in the Churned stage: 5 - 2 = 3
        self.assertEqual(len(customers) - 2, len(churned_stage))
        # the June transitions to Churned: Ann, and Bob who came back
        self.assertEqual(measure("customers_churned")[0], 2.0)
