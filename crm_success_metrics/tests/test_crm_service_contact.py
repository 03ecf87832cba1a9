# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from pathlib import Path

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools.misc import file_open

IMPORT_OPTIONS = {
    "import_skip_records": [],
    "import_set_empty_fields": [],
    "fallback_values": {},
    "name_create_enabled_fields": {},
    "encoding": "utf-8",
    "separator": ",",
    "quoting": '"',
    "date_format": "%Y-%m-%d",
    "datetime_format": "%Y-%m-%d %H:%M:%S",
    "float_thousand_separator": ",",
    "float_decimal_separator": ".",
    "advanced": False,
    "has_headers": True,
    "keep_matches": False,
    "limit": 2000,
    "skip": 0,
    "tracking_disable": True,
}
HEADER = (
    "case_ref,channel,direction,queued_at,answered_at,ended_at,abandoned,resolved\n"
)


@tagged("post_install", "-at_install")
class TestCrmServiceContact(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create({"name": "Contact Centre Co"})
        cls.other_company = cls.env["res.company"].create({"name": "Other Contact Co"})
        cls.user = new_test_user(
            cls.env,
            login="svc_user",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.Contact = cls.env["crm.service.contact"].with_user(cls.user)

    def _import(self, csv_text):
        wizard = self._wizard(csv_text.encode(), "text/csv", "contacts.csv")
        columns = csv_text.splitlines()[0].split(",")
        return wizard.execute_import(columns, columns, dict(IMPORT_OPTIONS))

    def _wizard(self, content, file_type, file_name):
        return (
            self.env["base_import.import"]
            .with_user(self.user)
            .create(
                {
                    "res_model": "crm.service.contact",
                    "file": content,
                    "file_type": file_type,
                    "file_name": file_name,
                }
            )
        )

    def _import_file(self, content, file_type, file_name):
        """Import a whole file with the columns matched as the import screen does."""
        wizard = self._wizard(content, file_type, file_name)
        preview = wizard.parse_preview(dict(IMPORT_OPTIONS))
        self.assertFalse(preview.get("error"))
        fields = [
            "/".join(preview["matches"][i]) for i in range(len(preview["headers"]))
        ]
        return wizard.execute_import(fields, preview["headers"], dict(IMPORT_OPTIONS))

    def _imported(self):
        return self.Contact.search([("case_ref", "=like", "IMP-%")])

    def test_wait_and_handle_seconds(self):
        answered = self.Contact.create(
            {
                "queued_at": "2026-01-05 09:00:00",
                "answered_at": "2026-01-05 09:00:45",
                "ended_at": "2026-01-05 09:05:45",
            }
        )
        # answered 45 s after queueing, then 5 minutes = 300 s of handling
        self.assertEqual(answered.wait_seconds, 45.0)
        self.assertEqual(answered.handle_seconds, 300.0)
        self.assertEqual(answered.company_id, self.company)
        abandoned = self.Contact.create(
            {
                "queued_at": "2026-01-05 10:00:00",
                "ended_at": "2026-01-05 10:01:30",
                "abandoned": True,
            }
        )
        # an abandoned contact waited until hang-up (90 s) and was never handled
        self.assertEqual(abandoned.wait_seconds, 90.0)
        self.assertEqual(abandoned.handle_seconds, 0.0)

    def test_constraints(self):
        bad_values = [
            {"queued_at": "2026-01-05 09:00:00", "answered_at": "2026-01-05 08:59:59"},
            {
                "queued_at": "2026-01-05 09:00:00",
                "answered_at": "2026-01-05 09:00:10",
                "abandoned": True,
            },
            {
                "queued_at": "2026-01-05 09:00:00",
                "answered_at": "2026-01-05 09:00:10",
                "ended_at": "2026-01-05 09:00:05",
            },
            {
                "queued_at": "2026-01-05 09:00:00",
                "first_contact_resolution": True,
            },
        ]
        for values in bad_values:
            with self.subTest(values=values), self.assertRaises(ValidationError):
                self.Contact.create(values)

    def test_import_good_file(self):
        result = self._import(
            HEADER + "IMP-1,phone,inbound,2026-01-05 09:00:00,2026-01-05 09:00:12,"
            "2026-01-05 09:04:12,0,1\n"
            "IMP-2,Chat,Inbound,2026-01-05 10:00:00,,2026-01-05 10:00:40,1,0\n"
        )
        self.assertFalse([m for m in result["messages"] if m["type"] == "error"])
        contacts = self._imported().sorted("case_ref")
        self.assertEqual(contacts.mapped("case_ref"), ["IMP-1", "IMP-2"])
        # the channel is accepted by value ("phone") or by label ("Chat")
        self.assertEqual(contacts.mapped("channel"), ["phone", "chat"])
        # 09:00:00 -> 09:00:12 is 12 s of wait; the abandoned one waited 40 s
        self.assertEqual(contacts.mapped("wait_seconds"), [12.0, 40.0])
        self.assertEqual(contacts.company_id, self.company)

    def test_import_bad_rows_rejects_file(self):
        result = self._import(
            HEADER
            + "IMP-1,phone,inbound,2026-01-05 09:00:00,2026-01-05 09:00:12,,0,1\n"
            "IMP-2,phone,inbound,2026-01-05 09:00:00,2026-01-05 08:00:00,,0,0\n"
            "IMP-3,phone,inbound,2026-01-05 09:00:00,2026-01-05 09:00:05,,1,0\n"
            "IMP-4,pigeon,inbound,2026-01-05 09:00:00,,,0,0\n"
        )
        by_row = {}
        for message in result["messages"]:
            self.assertEqual(message["type"], "error")
            by_row.setdefault(message["record"], []).append(message["message"])
        # one message per bad row (rows 2-4 of the file are records 1-3); Odoo also
        # repeats the first error of the failed batch on the batch's first row (0)
        self.assertIn("before it was queued", by_row[1][0])
        self.assertIn("both abandoned and answered", by_row[2][0])
        self.assertIn("pigeon", by_row[3][0])
        self.assertEqual(by_row[0], by_row[1])
        self.assertFalse(result["ids"])
        # the good first row is not imported either
        self.assertFalse(self._imported())

    def test_import_unparseable_dates_rejects_file_with_a_message_per_row(self):
        result = self._import(
            HEADER + "IMP-1,phone,inbound,2026-01-05 09:00:00,,,0,0\n"
            "IMP-2,phone,inbound,yesterday at noon,,,0,0\n"
            "IMP-3,phone,inbound,2026-01-05 09:00:00,2026-01-05 09:00:05,,0,0\n"
            "IMP-4,phone,inbound,2026-01-05 09:00:00,soon,,0,0\n"
        )
        # rows 2 and 4 of the data (records 1 and 3), each in its own message
        self.assertEqual(
            [(m["record"], m["type"]) for m in result["messages"]],
            [(1, "error"), (3, "error")],
        )
        self.assertEqual(
            result["messages"][0]["message"],
            "Line 2: yesterday at noon is not a valid date in column queued_at.",
        )
        self.assertIn("Line 4: soon", result["messages"][1]["message"])
        self.assertFalse(result["ids"])
        self.assertFalse(self._imported())

    def test_import_template_and_example_files(self):
        templates = self.env["crm.service.contact"].get_import_templates()
        path = templates[0]["template"].lstrip("/")
        with file_open(path, "rb") as template:
            result = self._import_file(
                template.read(),
                "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                "crm_service_contact.xlsx",
            )
        self.assertFalse(result["messages"])
        # the template's two rows: one answered after 12 s, one abandoned
        self.assertEqual(len(result["ids"]), 2)
        example = Path(__file__).parents[2] / "data" / "service_contacts_example.csv"
        if example.exists():  # the repository's example, absent from packaged addons
            result = self._import_file(example.read_bytes(), "text/csv", example.name)
            self.assertFalse(result["messages"])
            self.assertEqual(len(result["ids"]), 7)

    def test_multi_company_isolation(self):
        other = (
            self.env["crm.service.contact"]
            .sudo()
            .create(
                {
                    "queued_at": "2026-01-05 09:00:00",
                    "company_id": self.other_company.id,
                }
            )
        )
        mine = self.Contact.create({"queued_at": "2026-01-05 09:00:00"})
        visible = self.Contact.search([("id", "in", (other | mine).ids)])
        self.assertEqual(visible, mine)
        with self.assertRaises(AccessError):
            other.with_user(self.user).read(["queued_at"])
        # a plain user cannot delete a logged contact
        with self.assertRaises(AccessError):
            mine.unlink()

    def test_plain_employee_has_no_access(self):
        employee = new_test_user(
            self.env,
            login="svc_plain",
            groups="base.group_user",
            company_id=self.company.id,
        )
        with self.assertRaises(AccessError):
            self.env["crm.service.contact"].with_user(employee).search([])
