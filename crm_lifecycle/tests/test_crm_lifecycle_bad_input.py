# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date, timedelta

from odoo.exceptions import ValidationError
from odoo.tests import tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install")
class TestLifecycleBadInput(LifecycleCommon):
    def test_self_referral_and_cycles(self):
        alice = self._customer("Alice")
        bob = self._customer("Bob", referred_by_id=alice.id)
        carol = self._customer("Carol", referred_by_id=bob.id)
        alice_contact = self.env["res.partner"].create(
            {"name": "Alice's buyer", "parent_id": alice.id}
        )
        with self.assertRaises(ValidationError):
            alice.referred_by_id = alice
        with self.assertRaises(ValidationError):
            alice.referred_by_id = alice_contact  # herself, through a contact
        with self.assertRaises(ValidationError):
            alice.referred_by_id = carol  # alice -> bob -> carol -> alice
        self.assertFalse(alice.referred_by_id)

    def test_thresholds_must_be_positive(self):
        for field in (
            "lifecycle_churn_days",
            "lifecycle_at_risk_min_days",
            "lifecycle_at_risk_factor",
            "lifecycle_loyal_min_orders",
            "lifecycle_loyal_window_days",
        ):
            for value in (0, -1):
                with (
                    self.subTest(field=field, value=value),
                    self.assertRaises(ValidationError),
                ):
                    self.company.write({field: value})
        self.assertEqual(self.company.lifecycle_churn_days, 365)

    def test_used_stage_cannot_be_deleted(self):
        customer = self._customer("Staged")
        self._buy(customer, self.d("2025-06-01"))
        with self.assertRaises(ValidationError):
            customer.lifecycle_stage_id.unlink()
        unused = self.env["crm.lifecycle.stage"].create(
            {"name": "Unused", "code": "unused"}
        )
        unused.unlink()
        self.assertFalse(unused.exists())

    def test_the_rules_stages_keep_their_codes(self):
        # a sales manager may rename the stages, not unhook them from the
        # rules: a missing code would stop every recompute
        self._role_users()
        stages = self.env["crm.lifecycle.stage"].with_user(self.sales_manager)
        churned = stages.search([("code", "=", "churned")])
        advocate = stages.search([("code", "=", "advocate")])
        with self.assertRaisesRegex(ValidationError, "never their code"):
            churned.code = "lost"
        with self.assertRaisesRegex(ValidationError, "never their code"):
            advocate.unlink()
        churned.write({"name": "Lost", "description": "Gone for a year"})
        self.assertEqual((churned.name, churned.code), ("Lost", "churned"))
        custom = stages.create({"name": "Custom", "code": "custom"})
        custom.code = "custom_2"
        custom.unlink()
        self.assertFalse(custom.exists())
        # the rules still find their stages
        customer = self._customer("Still Staged")
        self._buy(customer, date.today() - timedelta(days=1))
        self.assertStage(customer, "new")

    def test_channel_code_clash(self):
        with self.assertRaises(ValidationError):
            self.env["crm.acquisition.channel"].create(
                {"name": "Ads", "code": "advertising"}
            )
        archived = self.env["crm.acquisition.channel"].create(
            {"name": "Radio", "code": "radio", "active": False}
        )
        with self.assertRaises(ValidationError):
            self.env["crm.acquisition.channel"].create(
                {"name": "Radio 2", "code": archived.code}
            )
