# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from pathlib import Path

from odoo.exceptions import AccessError, UserError, ValidationError
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

    def test_a_nul_character_is_refused_with_a_message(self):
        # PostgreSQL refuses text with a NUL character: refused first, in
        # words, with no SQL error in the log and nothing half imported
        with self.assertRaisesRegex(ValidationError, "NUL character"):
            self.Contact.with_user(self.user).create(
                {
                    "case_ref": "NUL\x00REF",
                    "channel": "phone",
                    "queued_at": "2026-01-05 09:00:00",
                }
            )
        with self.assertNoLogs("odoo.sql_db", "ERROR"):
            result = self._import(
                HEADER + "IMP-1,phone,inbound,2026-01-05 09:00:00,,,0,0\n"
                "IMP-\x002,phone,inbound,2026-01-05 09:00:00,,,0,0\n"
            )
        errors = [m["message"] for m in result["messages"] if m["type"] == "error"]
        self.assertTrue(errors)
        self.assertIn("NUL character", errors[0])
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
            content = template.read()
        xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        result = self._import_file(content, xlsx, "crm_service_contact.xlsx")
        self.assertFalse(result["messages"])
        # the template's two rows: one answered after 12 s, one abandoned
        self.assertEqual(len(result["ids"]), 2)
        # its External Reference column makes a second import an update
        again = self._import_file(content, xlsx, "crm_service_contact.xlsx")
        self.assertEqual(sorted(again["ids"]), sorted(result["ids"]))
        example = Path(__file__).parents[2] / "data" / "service_contacts_example.csv"
        if example.exists():  # the repository's example, absent from packaged addons
            for _twice in range(2):
                result = self._import_file(
                    example.read_bytes(), "text/csv", example.name
                )
                self.assertFalse(result["messages"])
                self.assertEqual(len(result["ids"]), 7)
            self.assertEqual(
                self.Contact.search_count([("external_ref", "=like", "PBX-10%")]), 7
            )

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

    # ------------------------------------------------------------------
    # Natural key, re-import, all-or-nothing batches, companies
    # ------------------------------------------------------------------

    def _import_batched(self, csv_text, limit):
        """Import as the import screen does for a big file: ``limit`` rows a call."""
        wizard = self._wizard(csv_text.encode(), "text/csv", "contacts.csv")
        columns = csv_text.splitlines()[0].split(",")
        return wizard.execute_import(
            columns, columns, dict(IMPORT_OPTIONS, limit=limit, skip=0)
        )

    def _rows(self, count, start=1, answered="2026-01-05 09:00:12"):
        return "".join(
            f"IMP-{n},PBX-{n},phone,inbound,2026-01-05 09:00:00,{answered},,0,1\n"
            for n in range(start, start + count)
        )

    KEY_HEADER = (
        "case_ref,external_ref,channel,direction,queued_at,answered_at,ended_at,"
        "abandoned,resolved\n"
    )

    def test_reimport_updates_instead_of_duplicating(self):
        result = self._import(self.KEY_HEADER + self._rows(3))
        self.assertFalse(result["messages"])
        first_ids = sorted(result["ids"])
        # the same file again, corrected: an answer time changed, a new row
        result = self._import(
            self.KEY_HEADER
            + self._rows(3, answered="2026-01-05 09:00:30")
            + self._rows(1, start=4)
        )
        self.assertFalse(result["messages"])
        contacts = self._imported()
        self.assertEqual(len(contacts), 4)
        self.assertEqual(sorted(result["ids"])[:3], first_ids)
        self.assertEqual(
            contacts.filtered(lambda c: c.external_ref == "PBX-1").wait_seconds, 30.0
        )

    def test_natural_key_is_unique_per_company(self):
        values = {"queued_at": "2026-01-05 09:00:00", "external_ref": "PBX-7"}
        self.Contact.create(values)
        count = self.Contact.search_count([])
        with self.assertRaises(ValidationError):
            self.Contact.create(values)
        with self.assertRaises(ValidationError):
            self.Contact.create([dict(values, external_ref="PBX-8")] * 2)
        self.assertEqual(self.Contact.search_count([]), count)
        # the same reference in another company is another contact
        self.env["crm.service.contact"].create(
            dict(values, company_id=self.other_company.id)
        )
        # a file repeating a reference is refused, naming the rows
        result = self._import(self.KEY_HEADER + self._rows(2) + self._rows(1))
        self.assertFalse(result["ids"])
        by_row = {m["record"]: m["message"] for m in result["messages"][1:]}
        self.assertEqual(list(by_row), [2])
        self.assertIn("PBX-1", by_row[2])
        self.assertFalse(self._imported())

    def test_batched_import_is_all_or_nothing(self):
        # 5 rows in batches of 2, the last row wrong: nothing is imported
        bad_row = (
            "IMP-9,PBX-9,phone,inbound,2026-01-05 09:00:00,2026-01-05 08:00:00,,0,0\n"
        )
        result = self._import_batched(self.KEY_HEADER + self._rows(4) + bad_row, 2)
        self.assertFalse(result["ids"])
        self.assertFalse(self._imported())
        errors = [m for m in result["messages"] if m["type"] == "error"]
        self.assertIn(4, [m["record"] for m in errors])
        self.assertIn("before it was queued", errors[-1]["message"])
        # a good file is imported in one call: nothing left for another batch
        result = self._import_batched(self.KEY_HEADER + self._rows(5), 2)
        self.assertFalse(result["messages"])
        self.assertEqual(len(result["ids"]), 5)
        self.assertFalse(result["nextrow"])
        self.assertEqual(len(self._imported()), 5)

    def test_cannot_move_a_contact_to_another_company(self):
        mine = self.Contact.create({"queued_at": "2026-01-05 09:00:00"})
        with self.assertRaises(AccessError):
            mine.write({"company_id": self.other_company.id})
        self.assertEqual(mine.sudo().company_id, self.company)
        count = self.env["crm.service.contact"].sudo().search_count([])
        with self.assertRaises(AccessError):
            self.Contact.create(
                {
                    "queued_at": "2026-01-05 09:00:00",
                    "company_id": self.other_company.id,
                }
            )
        self.assertEqual(self.env["crm.service.contact"].sudo().search_count([]), count)

    def test_cannot_link_another_companys_partner_or_complaint(self):
        secret = self.env["res.partner"].create(
            {"name": "Secret Customer", "company_id": self.other_company.id}
        )
        complaint = (
            self.env["crm.complaint"]
            .with_company(self.other_company)
            .create({"partner_id": secret.id, "company_id": self.other_company.id})
        )
        mine = self.Contact.create({"queued_at": "2026-01-05 09:00:00"})
        count = self.Contact.search_count([])
        for values in ({"partner_id": secret.id}, {"complaint_id": complaint.id}):
            with self.subTest(values=values):
                with self.assertRaises(AccessError) as caught:
                    self.Contact.create(dict(values, queued_at="2026-01-05 09:00:00"))
                self.assertNotIn("Secret Customer", str(caught.exception))
                with self.assertRaises(AccessError) as caught:
                    mine.write(values)
                self.assertNotIn("Secret Customer", str(caught.exception))
        self.assertEqual(self.Contact.search_count([]), count)
        self.assertFalse(mine.partner_id or mine.complaint_id)
        # a customer visible in both companies, shared, is fine
        shared = self.env["res.partner"].create({"name": "Shared Customer"})
        mine.partner_id = shared
        self.assertEqual(mine.partner_id, shared)
        # a user of both companies may read the customer, not link it across
        both = new_test_user(
            self.env,
            login="svc_both",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id, self.other_company.id],
        )
        with self.assertRaises(UserError) as caught:
            mine.with_user(both).partner_id = secret
        self.assertIn("Incompatible companies", str(caught.exception))
        self.assertEqual(mine.partner_id, shared)
