# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import Command
from odoo.tests import TransactionCase, new_test_user, tagged

from odoo.addons.crm_success_metrics.kpis import shared_results


@tagged("post_install", "-at_install")
class TestLivechatContacts(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Chat Co"})
        cls.operator = new_test_user(
            cls.env,
            login="chat_operator",
            groups="base.group_user,im_livechat.im_livechat_group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.customer = cls.env["res.partner"].create({"name": "Chatting Customer"})

    def _session(self, **values):
        return (
            self.env["discuss.channel"]
            .sudo()
            .create(
                {
                    "name": "Visitor, operator",
                    "channel_type": "livechat",
                    "livechat_active": True,
                    "livechat_operator_id": self.operator.partner_id.id,
                    "channel_member_ids": [
                        Command.create({"partner_id": self.operator.partner_id.id}),
                        Command.create({"partner_id": self.customer.id}),
                    ],
                    **values,
                }
            )
        )

    def test_a_session_is_a_chat_contact(self):
        session = self._session()
        contact = session.crm_service_contact_ids
        self.assertEqual(len(contact), 1)
        self.assertRecordValues(
            contact,
            [
                {
                    "channel": "chat",
                    "direction": "inbound",
                    "company_id": self.company.id,
                    "partner_id": self.customer.id,
                    "user_id": self.operator.id,
                    "external_ref": f"livechat-{session.id}",
                    "ended_at": False,
                }
            ],
        )
        # whole seconds: the end written in the same second is not before it
        self.assertEqual(contact.queued_at, session.create_date.replace(microsecond=0))
        # the visitor leaves: the contact ends
        session.livechat_active = False
        self.assertGreaterEqual(contact.ended_at, contact.queued_at)
        # another discussion is no contact
        group = self.env["discuss.channel"].create(
            {"name": "Team", "channel_type": "channel"}
        )
        self.assertFalse(group.crm_service_contact_ids)

    def test_sync_creates_each_contact_once(self):
        """Sessions held before the install get their contact from the
        install hook's sync, once."""
        session = self._session(livechat_active=False)
        session.crm_service_contact_ids.unlink()
        session._crm_service_contact_sync()
        session._crm_service_contact_sync()
        contact = session.crm_service_contact_ids
        self.assertEqual(len(contact), 1)
        # a session over, without messages: ended when it opened
        self.assertEqual(contact.ended_at, contact.queued_at)

    def test_sessions_count_in_the_channel_mix(self):
        """Two sessions now, plus a phone call of the customer an hour later:
        today and tomorrow, 2 chats of 3 inbound contacts, both chats
        followed by the call: 2 escalated of 2."""
        first = self._session()
        self._session()
        self.env["crm.service.contact"].create(
            {
                "company_id": self.company.id,
                "partner_id": self.customer.id,
                "channel": "phone",
                "queued_at": first.crm_service_contact_ids.queued_at
                + timedelta(hours=1),
            }
        )
        today = self.company._lifecycle_today()
        period = (today, today + timedelta(days=1))
        kpis = self.env["crm.success.kpi"]
        self.env.flush_all()
        with shared_results(self.env, [period]):
            share = kpis._kpi_channel_digital_share(*period, self.company)
            escalation = kpis._kpi_channel_escalation_rate(*period, self.company)
        self.assertEqual((share["numerator"], share["denominator"]), (2, 3))
        self.assertEqual((escalation["numerator"], escalation["denominator"]), (2, 2))
