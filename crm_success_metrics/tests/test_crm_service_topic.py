# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo.exceptions import AccessError
from odoo.tests import TransactionCase, new_test_user, tagged

from .test_crm_service_contact import HEADER, IMPORT_OPTIONS


@tagged("post_install", "-at_install")
class TestCrmServiceTopic(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Topic Co"})
        cls.other_company = cls.env["res.company"].create({"name": "Other Topic Co"})
        cls.user = new_test_user(
            cls.env,
            login="topic_user",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env,
            login="topic_manager",
            groups="base.group_user,"
            "crm_success_metrics.crm_success_metrics_group_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        Topic = cls.env["crm.service.topic"]
        # T01 ... T12; a topic of the other company; a shared one
        cls.topics = Topic.create(
            [{"name": f"T{n:02d}", "company_id": cls.company.id} for n in range(1, 13)]
        )
        cls.other_topic = Topic.create(
            {"name": "Other", "company_id": cls.other_company.id}
        )
        cls.shared_topic = Topic.create({"name": "Shared", "company_id": False})

    def test_top_topics_of_the_month(self):
        """Contact k (k = 1..12) of March is about T01..Tk: T01 is asked 12
        times, T02 11 times, ..., T12 once; the top ten are T01..T10. Two
        April contacts about T12 make it April's first topic."""
        Contact = self.env["crm.service.contact"]
        Contact.create(
            [
                {
                    "company_id": self.company.id,
                    "queued_at": f"2026-03-{k:02d} 10:00:00",
                    "channel": "self_service" if k % 2 else "phone",
                    "topic_ids": self.topics[:k].ids,
                }
                for k in range(1, 13)
            ]
            + [
                {
                    "company_id": self.company.id,
                    "queued_at": "2026-04-01 10:00:00",
                    "channel": "chat",
                    "topic_ids": self.topics[11:].ids,
                }
            ]
            * 2
        )
        self.env.flush_all()
        Report = self.env["crm.service.topic.report"].with_user(self.user)
        march = Report.search(
            [("month", "=", "2026-03-01"), ("rank", "<=", 10)], order="rank"
        )
        self.assertEqual(march.topic_id, self.topics[:10])
        self.assertEqual(march.mapped("contact_count"), list(range(12, 2, -1)))
        self.assertEqual(march.mapped("rank"), list(range(1, 11)))
        # T01 is on all 12 contacts: 6 odd days on self-service, 6 by phone;
        # T12 only on the 12th (phone)
        first = march[0]
        self.assertEqual((first.self_service_count, first.assisted_count), (6, 6))
        last = Report.search([("month", "=", "2026-03-01"), ("rank", "=", 12)])
        self.assertEqual(
            (last.topic_id, last.contact_count, last.assisted_count),
            (self.topics[11], 1, 1),
        )
        april = Report.search([("month", "=", "2026-04-01")])
        self.assertEqual(
            (april.topic_id, april.contact_count, april.rank),
            (self.topics[11], 2, 1),
        )
        # over both months, the topics ordered by contacts
        groups = Report._read_group(
            [], ["topic_id"], ["contact_count:sum"], order="contact_count:sum desc"
        )
        self.assertEqual(groups[0], (self.topics[0], 12))
        self.assertEqual(dict(groups)[self.topics[11]], 3)

    def test_rights(self):
        """Success users read the topics and tag contacts with them; managers
        define them; a company's topics stay in it (shared ones are seen by
        all)."""
        Topic = self.env["crm.service.topic"]
        self.assertEqual(
            Topic.with_user(self.user).search([("id", "in", self.topics.ids)]),
            self.topics,
        )
        contact = (
            self.env["crm.service.contact"]
            .with_user(self.user)
            .create(
                {
                    "queued_at": "2026-03-02 10:00:00",
                    "topic_ids": [self.topics[0].id, self.shared_topic.id],
                }
            )
        )
        self.assertEqual(len(contact.topic_ids), 2)
        with self.assertRaises(AccessError):
            Topic.with_user(self.user).create({"name": "Not mine to add"})
        created = Topic.with_user(self.manager).create({"name": "Returns"})
        self.assertEqual(created.company_id, self.company)
        visible = Topic.with_user(self.user).search([])
        self.assertIn(self.shared_topic, visible)
        self.assertNotIn(self.other_topic, visible)
        # another company's topic is refused on our contact, nothing written
        with self.assertRaises(AccessError):
            contact.write({"topic_ids": [(4, self.other_topic.id)]})
        self.assertEqual(len(contact.topic_ids), 2)

    def test_import_refuses_an_unknown_channel(self):
        """The new channels import by label; a channel that does not exist
        refuses the whole file with a message naming the value and the
        channels accepted, and nothing is written."""
        wizard = (
            self.env["base_import.import"]
            .with_user(self.user)
            .create(
                {
                    "res_model": "crm.service.contact",
                    "file": (
                        HEADER
                        + "IMP-1,Self-service / FAQ,inbound,2026-03-02 09:00:00,,,0,1\n"
                        "IMP-2,In person,inbound,2026-03-02 10:00:00,,,0,0\n"
                    ).encode(),
                    "file_type": "text/csv",
                    "file_name": "contacts.csv",
                }
            )
        )
        columns = HEADER.strip().split(",")
        result = wizard.execute_import(columns, columns, dict(IMPORT_OPTIONS))
        self.assertFalse(result["messages"])
        imported = self.env["crm.service.contact"].browse(result["ids"])
        self.assertEqual(imported.mapped("channel"), ["self_service", "in_person"])
        imported.unlink()

        wizard.file = (
            HEADER + "IMP-3,Self-service / FAQ,inbound,2026-03-02 09:00:00,,,0,1\n"
            "IMP-4,Fax,inbound,2026-03-02 10:00:00,,,0,0\n"
        ).encode()
        result = wizard.execute_import(columns, columns, dict(IMPORT_OPTIONS))
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors)
        self.assertIn("Fax", errors[-1]["message"])
        self.assertEqual(errors[-1]["record"], 1)
        self.assertIn("Self-service / FAQ", errors[-1]["moreinfo"])
        self.assertIn("In person", errors[-1]["moreinfo"])
        self.assertFalse(result["ids"])
        self.assertFalse(
            self.env["crm.service.contact"].search(
                [("case_ref", "in", ["IMP-3", "IMP-4"])]
            )
        )
