# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import Form, TransactionCase, new_test_user, tagged, users


@tagged("post_install", "-at_install")
class TestCrmComplaint(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env["res.company"].create({"name": "Complaints A"})
        cls.company_b = cls.env["res.company"].create({"name": "Complaints B"})
        cls.salesman_a = new_test_user(
            cls.env,
            login="cmp_salesman_a",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        cls.salesman_b = new_test_user(
            cls.env,
            login="cmp_salesman_b",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_b.id,
            company_ids=[cls.company_b.id],
        )
        cls.plain_employee = new_test_user(
            cls.env,
            login="cmp_employee",
            groups="base.group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        cls.sales_manager_a = new_test_user(
            cls.env,
            login="cmp_sales_manager_a",
            groups="sales_team.group_sale_manager",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        cls.boss_user = new_test_user(
            cls.env,
            login="cmp_boss",
            groups="base.group_user",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        employees = cls.env["hr.employee"].with_company(cls.company_a)
        cls.boss = employees.create(
            {
                "name": "Boss",
                "user_id": cls.boss_user.id,
                "company_id": cls.company_a.id,
            }
        )
        cls.clerk = employees.create(
            {"name": "Clerk", "parent_id": cls.boss.id, "company_id": cls.company_a.id}
        )
        cls.loner = employees.create({"name": "Loner", "company_id": cls.company_a.id})
        cls.customer = cls.env["res.partner"].create(
            {"name": "Grumpy Ltd", "is_company": True}
        )
        cls.contact = cls.env["res.partner"].create(
            {"name": "Gus Grumpy", "parent_id": cls.customer.id}
        )
        cls.category = cls.env.ref("crm_lifecycle.crm_complaint_category_delivery")
        cls.alert_type = cls.env.ref("crm_lifecycle.mail_activity_type_complaint_alert")

    def _complaint(self, company=None, **vals):
        company = company or self.company_a
        return (
            self.env["crm.complaint"]
            .with_company(company)
            .create(
                {
                    "partner_id": self.customer.id,
                    "company_id": company.id,
                    **vals,
                }
            )
        )

    def _alerts(self, employee):
        return self.env["mail.activity"].search(
            [
                ("res_model", "=", "hr.employee"),
                ("res_id", "=", employee.id),
                ("activity_type_id", "=", self.alert_type.id),
            ]
        )

    # ------------------------------------------------------------------
    # Workflow and bad input
    # ------------------------------------------------------------------
    @users("cmp_salesman_a")
    @freeze_time("2026-03-02 08:00:00")
    def test_workflow(self):
        form = Form(self.env["crm.complaint"])
        form.partner_id = self.contact
        form.category_id = self.category
        form.description = "<p>The parcel arrived broken.</p>"
        complaint = form.save()
        self.assertTrue(complaint.name.startswith("CMP/2026/"), complaint.name)
        self.assertEqual(complaint.state, "new")
        self.assertEqual(complaint.date_received, datetime(2026, 3, 2, 8, 0))
        self.assertEqual(complaint.user_id, self.env.user)
        self.assertEqual(complaint.company_id, self.company_a)
        self.assertEqual(complaint.commercial_partner_id, self.customer)
        complaint.action_start()
        self.assertEqual(complaint.state, "in_progress")
        with self.assertRaises(ValidationError):
            complaint.action_resolve()
        # nothing half-written: still in progress, no resolution date
        self.assertEqual(complaint.state, "in_progress")
        self.assertFalse(complaint.date_resolved)
        complaint.resolution = "Sent a new parcel."
        with freeze_time("2026-03-03 14:30:00"):
            complaint.action_resolve()
        self.assertEqual(complaint.state, "resolved")
        # 2 March 08:00 -> 3 March 14:30 = 24 h + 6.5 h = 30.5 h
        self.assertAlmostEqual(complaint.resolution_hours, 30.5)
        complaint.action_reopen()
        self.assertEqual(complaint.state, "in_progress")
        self.assertFalse(complaint.date_resolved)
        self.assertEqual(complaint.resolution_hours, 0.0)
        complaint.action_reject()
        self.assertEqual(complaint.state, "rejected")

    def test_sequence_follows_year_received(self):
        first = self._complaint(date_received="2025-12-31 10:00:00")
        second = self._complaint(date_received="2026-01-01 10:00:00")
        self.assertTrue(first.name.startswith("CMP/2025/"), first.name)
        self.assertTrue(second.name.startswith("CMP/2026/"), second.name)

    def test_resolved_before_received(self):
        complaint = self._complaint(date_received="2026-03-02 08:00:00")
        with self.assertRaises(ValidationError):
            complaint.date_resolved = "2026-03-01 08:00:00"
        with self.assertRaises(ValidationError):
            self._complaint(
                date_received="2026-03-02 08:00:00",
                date_resolved="2026-03-02 07:59:59",
            )

    def test_text_with_a_nul_character_is_refused_in_words(self):
        # PostgreSQL would refuse it with an SQL error in the log
        complaint = self._complaint()
        with (
            self.assertNoLogs("odoo.sql_db", "ERROR"),
            self.assertRaisesRegex(ValidationError, "Description cannot contain"),
        ):
            complaint.description = "Broken\x00 on arrival"
        with self.assertRaisesRegex(ValidationError, "NUL character"):
            self._complaint(resolution="Replaced\x00")

    def test_create_resolved_without_resolution(self):
        with self.assertRaises(ValidationError):
            self._complaint(state="resolved", resolution="  ")

    def test_threshold_must_be_positive(self):
        with self.assertRaises(ValidationError):
            self.company_a.complaint_alert_threshold = 0
        with self.assertRaises(ValidationError):
            self.company_a.complaint_alert_threshold = -2

    # ------------------------------------------------------------------
    # Counts on partners and employees
    # ------------------------------------------------------------------
    @users("cmp_salesman_a")
    def test_partner_and_employee_counts(self):
        customer = self.customer.with_env(self.env)
        contact = self.contact.with_env(self.env)
        self.assertEqual(customer.complaint_count, 0)
        # two complaints on the contact, one on the company: all counted on
        # the commercial partner, and the contact shows its company's counts
        self._complaint(partner_id=contact.id, employee_id=self.loner.id)
        self._complaint(partner_id=contact.id).action_start()
        resolved = self._complaint(resolution="Apologised.")
        resolved.action_resolve()
        self.env.invalidate_all()
        self.assertEqual(customer.complaint_count, 3)
        self.assertEqual(customer.open_complaint_count, 2)  # new + in progress
        self.assertEqual(contact.complaint_count, 3)
        self.assertEqual(contact.open_complaint_count, 2)
        self.assertEqual(self.loner.with_env(self.env).sudo(False).complaint_count, 1)
        # in a form, edited and new contacts show their company's counts
        with Form(contact) as form:
            form.name = "Gus G. Grumpy"
            self.assertEqual(form.complaint_count, 3)
        new_contact = Form(self.env["res.partner"])
        new_contact.name = "Gina Grumpy"
        new_contact.parent_id = customer
        self.assertEqual(new_contact.open_complaint_count, 2)
        action = contact.action_view_complaints()
        self.assertEqual(self.env["crm.complaint"].search_count(action["domain"]), 3)
        self.assertEqual(action["context"]["default_partner_id"], contact.id)

    # ------------------------------------------------------------------
    # Complaint alert
    # ------------------------------------------------------------------
    def test_alert_goes_to_manager_once_per_window(self):
        self.company_a.complaint_alert_threshold = 3
        with freeze_time("2026-04-01 09:00:00"):
            self._complaint(
                employee_id=self.clerk.id, date_received="2026-03-01 09:00:00"
            )
            # 1 March is 31 days back: outside the 30-day window
            self._complaint(employee_id=self.clerk.id)
            self._complaint(employee_id=self.clerk.id)
            self.assertFalse(self._alerts(self.clerk), "2 complaints within 30 days")
            self._complaint(employee_id=self.clerk.id)
            alert = self._alerts(self.clerk)
            self.assertEqual(len(alert), 1, "3rd complaint within 30 days")
            self.assertEqual(alert.user_id, self.boss_user)
            self.assertIn("3", alert.summary)
            self._complaint(employee_id=self.clerk.id)
            self.assertEqual(len(self._alerts(self.clerk)), 1, "one is open")
            alert.action_done()
        with freeze_time("2026-04-20 09:00:00"):
            self._complaint(employee_id=self.clerk.id)
            self.assertFalse(self._alerts(self.clerk), "same 30-day window")
        with freeze_time("2026-05-02 09:00:00"):
            # alerted on 1 April: a new window starts after 1 May; 3 complaints
            # received since 2 April are needed: 20 April + two today
            self._complaint(employee_id=self.clerk.id)
            self.assertFalse(self._alerts(self.clerk), "only 2 in the window")
            self._complaint(employee_id=self.clerk.id)
            self.assertEqual(len(self._alerts(self.clerk)), 1, "new window")

    def test_alert_without_manager_goes_to_sales_managers(self):
        self.company_a.complaint_alert_threshold = 2
        self._complaint(employee_id=self.loner.id)
        self.assertFalse(self._alerts(self.loner))
        # assigned through a write, by a salesman without HR rights
        self._complaint().with_user(self.salesman_a).employee_id = self.loner
        # the sales managers of company A (admin is not in company A)
        self.assertEqual(self._alerts(self.loner).user_id, self.sales_manager_a)

    # ------------------------------------------------------------------
    # Access rights
    # ------------------------------------------------------------------
    def test_multi_company_isolation(self):
        mine = self._complaint(company=self.company_a)
        theirs = self._complaint(company=self.company_b)
        as_a = self.env["crm.complaint"].with_user(self.salesman_a)
        found = as_a.search([("id", "in", (mine | theirs).ids)])
        self.assertEqual(found, mine)
        with self.assertRaises(AccessError):
            theirs.with_user(self.salesman_a).read(["name"])
        as_b = self.env["crm.complaint"].with_user(self.salesman_b)
        self.assertEqual(as_b.search([("id", "in", (mine | theirs).ids)]), theirs)

    def test_plain_employee_cannot_read(self):
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            self.env["crm.complaint"].with_user(self.plain_employee).search([])
        with self.assertRaises(AccessError):
            complaint.with_user(self.plain_employee).read(["name"])
        # and the partner form does not break for them: the counts are hidden
        partner = self.customer.with_user(self.plain_employee)
        self.assertNotIn("complaint_count", partner.fields_get())

    def test_salesman_cannot_delete(self):
        complaint = self._complaint()
        with self.assertRaises(AccessError):
            complaint.with_user(self.salesman_a).unlink()
