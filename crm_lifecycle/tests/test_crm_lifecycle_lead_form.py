# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Issue #12.9: one referral block on the lead form. Odoo's free-text
"Referred By" is hidden unless filled; the UTM fields stay; our channel and
referrer go to the customer."""

from odoo.tests import Form, tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install")
class TestLifecycleLeadForm(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.referrer = cls._customer("Referring customer", company_id=cls.company.id)
        cls.customer = cls._customer("Lead's customer", company_id=cls.company.id)
        cls.channel = cls.env.ref(
            "crm_lifecycle.crm_acquisition_channel_customer_referral"
        )
        cls.campaign = cls.env["utm.campaign"].create({"title": "Spring mailing"})

    def _form(self, record=None):
        """The lead form as the salesman sees it (lead or opportunity)."""
        leads = self.env["crm.lead"].with_user(self.salesman)
        return Form(record.with_user(self.salesman) if record else leads)

    def test_new_lead_one_referral_block(self):
        with self._form() as lead:
            lead.name = "Asks for a quote"
            lead.partner_id = self.customer
            # Odoo's free text is hidden on a new lead: writing it fails
            with self.assertRaises(AssertionError):
                lead.referred = "Told by a friend"
            lead.campaign_id = self.campaign  # UTM stays
            lead.acquisition_channel_id = self.channel
            lead.referred_by_id = self.referrer
        saved = lead.record
        self.assertEqual(saved.campaign_id, self.campaign)
        self.assertFalse(saved.referred)
        self.assertEqual(self.customer.acquisition_channel_id, self.channel)
        self.assertEqual(self.customer.referred_by_id, self.referrer)

    def test_filled_free_text_stays_visible(self):
        # an older or imported lead keeps what was typed, shown as a note
        legacy = self.env["crm.lead"].create(
            {
                "name": "Imported lead",
                "referred": "Told by a friend",
                "user_id": self.salesman.id,
            }
        )
        with self._form(legacy) as lead:
            lead.referred = "Told by a friend at the fair"
        self.assertEqual(legacy.referred, "Told by a friend at the fair")
