# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Findings 6 and 10 (complaints): no complaint moved into or created in a
company its user does not work in, no other company's records linked, an
internal responsible, a system-assigned reference unique per company."""

import psycopg2

from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import TransactionCase, new_test_user, tagged
from odoo.tools import mute_logger


@tagged("post_install", "-at_install")
class TestCrmComplaintSecurity(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company_a = cls.env["res.company"].create({"name": "Guarded A"})
        cls.company_b = cls.env["res.company"].create({"name": "Guarded B"})
        cls.salesman = new_test_user(
            cls.env,
            login="guard_salesman",
            groups="sales_team.group_sale_salesman",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id],
        )
        cls.both = new_test_user(
            cls.env,
            login="guard_manager_ab",
            groups="sales_team.group_sale_manager",
            company_id=cls.company_a.id,
            company_ids=[cls.company_a.id, cls.company_b.id],
        )
        cls.portal = new_test_user(
            cls.env, login="guard_portal", groups="base.group_portal"
        )
        cls.customer = cls.env["res.partner"].create({"name": "Guarded customer"})
        cls.customer_b = cls.env["res.partner"].create(
            {"name": "B's customer", "company_id": cls.company_b.id}
        )
        cls.employee_b = cls.env["hr.employee"].create(
            {"name": "B's clerk", "company_id": cls.company_b.id}
        )

    def _complaint(self, user=None, **vals):
        return (
            self.env["crm.complaint"]
            .with_user(user or self.salesman)
            .create({"partner_id": self.customer.id, **vals})
        )

    def _state(self):
        complaints = self.env["crm.complaint"].sudo()
        return complaints.search_count([]), complaints.search_count(
            [("company_id", "=", self.company_b.id)]
        )

    def test_cannot_move_to_another_company(self):
        complaint = self._complaint()
        before = self._state()
        with self.assertRaises(AccessError):
            complaint.write({"company_id": self.company_b.id})
        # refused (an AccessError of the sequence, before the guard)
        with self.assertRaises(UserError):
            self._complaint(company_id=self.company_b.id)
        self.assertEqual(self._state(), before)
        self.assertEqual(complaint.company_id, self.company_a)

    def test_allowed_but_inactive_company_refused_too(self):
        # B is allowed to the user but not selected (the web client always
        # says which companies are): the record would vanish from its lists
        complaint = self._complaint(user=self.both).with_context(
            allowed_company_ids=[self.company_a.id]
        )
        with self.assertRaises(AccessError):
            complaint.write({"company_id": self.company_b.id})
        moved = complaint.with_context(
            allowed_company_ids=[self.company_a.id, self.company_b.id]
        )
        moved.write({"company_id": self.company_b.id})
        self.assertEqual(complaint.company_id, self.company_b)

    def test_other_company_records_refused(self):
        complaint = self._complaint()
        for vals in (
            {"partner_id": self.customer_b.id},
            {"employee_id": self.employee_b.id},
            {
                "user_id": self.env["res.users"]
                .create(
                    {
                        "name": "B only",
                        "login": "guard_b_only",
                        "company_id": self.company_b.id,
                        "company_ids": [self.company_b.id],
                    }
                )
                .id
            },
        ):
            with self.subTest(vals=vals), self.assertRaises(UserError):
                complaint.with_user(self.both).write(vals)
        complaint.invalidate_recordset()
        self.assertEqual(complaint.partner_id, self.customer)
        self.assertFalse(complaint.employee_id)

    def test_responsible_is_internal(self):
        complaint = self._complaint()
        followers = complaint.message_partner_ids
        with self.assertRaises(ValidationError):
            complaint.write({"user_id": self.portal.id})
        with self.assertRaises(ValidationError):
            self._complaint(user_id=self.portal.id)
        complaint.invalidate_recordset()
        self.assertEqual(complaint.user_id, self.salesman)
        self.assertEqual(complaint.message_partner_ids, followers)
        self.assertNotIn(self.portal.partner_id, complaint.message_partner_ids)

    def test_reference_is_system_assigned(self):
        first = self._complaint()
        second = self._complaint(name=first.name)  # a reference given is ignored
        self.assertNotEqual(second.name, first.name)
        self.assertTrue(second.name.startswith("CMP/"))
        for user in (self.salesman, self.both):
            with self.subTest(user=user.login), self.assertRaises(UserError):
                second.with_user(user).write({"name": first.name})
        self.assertNotEqual(second.name, first.name)

    def test_reference_unique_per_company(self):
        first = self._complaint()
        complaints = self.env["crm.complaint"]  # the superuser, as data files
        with (
            mute_logger("odoo.sql_db"),
            self.assertRaises(psycopg2.errors.UniqueViolation),
            self.env.cr.savepoint(),
        ):
            complaints.create(
                {
                    "name": first.name,
                    "partner_id": self.customer.id,
                    "company_id": self.company_a.id,
                }
            )
        other = complaints.create(
            {
                "name": first.name,
                "partner_id": self.customer.id,
                "company_id": self.company_b.id,
            }
        )
        self.assertEqual(other.name, first.name)
