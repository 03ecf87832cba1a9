# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The network (issue #13): a partner's network role, set by lifecycle
managers on the organisation; complaints attributed to a supplier or a
carrier; the network partner analysis."""

from datetime import datetime

from freezegun import freeze_time

from odoo.exceptions import AccessError, ValidationError
from odoo.tests import tagged

from .common import LifecycleCommon


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestCrmNetwork(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._role_users()
        cls.reseller = cls._customer("Network reseller", network_role="reseller")
        cls.reseller_contact = cls.env["res.partner"].create(
            {"name": "Reseller's agent", "parent_id": cls.reseller.id}
        )
        cls.supplier = cls._customer("Network supplier", network_role="supplier")
        cls.carrier = cls._customer("Network carrier", network_role="carrier")
        cls.plain = cls._customer("Plain customer")

    def _complaint(self, user, **vals):
        return (
            self.env["crm.complaint"]
            .with_user(user)
            .create({"partner_id": self.plain.id, **vals})
        )

    # ------------------------------------------------------------------
    # role
    # ------------------------------------------------------------------
    def test_sales_manager_sets_the_role(self):
        # a sales manager is a lifecycle manager (the least rights that may)
        partner = self.plain.with_user(self.sales_manager)
        partner.network_role = "investor"
        self.assertEqual(partner.network_role, "investor")
        created = (
            self.env["res.partner"]
            .with_user(self.sales_manager)
            .create(
                {"name": "New carrier", "is_company": True, "network_role": "carrier"}
            )
        )
        self.assertEqual(created.network_role, "carrier")

    def test_salesman_cannot_set_the_role(self):
        partners = self.env["res.partner"].with_user(self.salesman)
        with self.assertRaises(AccessError) as catch:
            partners.browse(self.plain.id).write({"network_role": "supplier"})
        self.assertIn("Only lifecycle managers", str(catch.exception))
        with self.assertRaises(AccessError):
            partners.create({"name": "Self-made supplier", "network_role": "supplier"})
        with self.assertRaises(AccessError):
            partners.with_context(default_network_role="supplier").create(
                {"name": "Self-made supplier"}
            )
        # a copy is no network partner: the role is a manager's decision
        self.assertFalse(self.supplier.with_user(self.salesman).copy().network_role)
        self.plain.invalidate_recordset()
        self.assertFalse(self.plain.network_role)
        self.assertFalse(partners.search([("name", "=", "Self-made supplier")]))

    def test_salesman_edits_a_network_partner_and_adds_contacts(self):
        # the role is untouched: writing it unchanged or other fields is fine
        reseller = self.reseller.with_user(self.salesman)
        reseller.write({"phone": "+1 555 0100", "network_role": "reseller"})
        contact = (
            self.env["res.partner"]
            .with_user(self.salesman)
            .create({"name": "Second agent", "parent_id": self.reseller.id})
        )
        self.assertFalse(contact.network_role)
        self.assertEqual(reseller.network_role, "reseller")

    def test_role_is_the_organisations(self):
        with self.assertRaises(ValidationError) as catch:
            self.reseller_contact.network_role = "reseller"
        self.assertIn("set it on Network reseller", str(catch.exception))
        self.reseller_contact.invalidate_recordset()
        self.assertFalse(self.reseller_contact.network_role)

    # ------------------------------------------------------------------
    # complaints
    # ------------------------------------------------------------------
    def test_complaint_names_a_supplier_or_carrier(self):
        complaint = self._complaint(
            self.salesman, responsible_partner_id=self.supplier.id
        )
        self.assertEqual(complaint.responsible_partner_id, self.supplier)
        complaint.responsible_partner_id = self.carrier
        self.assertEqual(complaint.responsible_partner_id, self.carrier)

    def test_complaint_refuses_a_partner_outside_the_supply_network(self):
        count = self.env["crm.complaint"].search_count([])
        for partner in (self.reseller, self.plain):
            with (
                self.subTest(partner=partner.name),
                self.assertRaises(ValidationError) as catch,
            ):
                self._complaint(self.salesman, responsible_partner_id=partner.id)
            self.assertIn(
                "only a partner whose network role is Supplier or Carrier",
                str(catch.exception),
            )
        self.assertEqual(self.env["crm.complaint"].search_count([]), count)
        complaint = self._complaint(self.salesman)
        with self.assertRaises(ValidationError):
            complaint.responsible_partner_id = self.reseller
        complaint.invalidate_recordset()
        self.assertFalse(complaint.responsible_partner_id)

    def test_complaint_domain_offers_suppliers_and_carriers(self):
        domain = self.env["crm.complaint"]._fields["responsible_partner_id"].domain
        offered = self.env["res.partner"].search(domain)
        self.assertIn(self.supplier, offered)
        self.assertIn(self.carrier, offered)
        self.assertNotIn(self.reseller, offered)
        self.assertNotIn(self.plain, offered)

    # ------------------------------------------------------------------
    # analysis
    # ------------------------------------------------------------------
    def test_network_partner_analysis(self):
        brought = self._customer("Brought by the reseller", company_id=self.company.id)
        brought.referred_by_id = self.reseller_contact  # an agent of the reseller
        second = self._customer("Second brought", company_id=self.company.id)
        second.referred_by_id = self.reseller
        word_of_mouth = self._customer("Word of mouth", company_id=self.company.id)
        word_of_mouth.referred_by_id = self.plain  # no network role: not counted
        self._buy(brought, self.d("2025-05-10"), 100.0)
        self._buy(brought, self.d("2025-06-10"), 50.0)
        self._buy(second, self.d("2025-06-12"), 30.0)
        self._buy(word_of_mouth, self.d("2025-06-12"), 999.0)
        for responsible, day in (
            (self.supplier, "2025-06-01"),
            (self.supplier, "2025-06-20"),
            (self.carrier, "2025-06-21"),
        ):
            self._complaint(
                self.salesman,
                responsible_partner_id=responsible.id,
                date_received=datetime.fromisoformat(f"{day} 09:00:00"),
            )
        self._complaint(self.salesman)  # attributed to nobody
        report = self.env["crm.network.partner.report"].with_user(self.salesman)
        ours = self.reseller | self.supplier | self.carrier  # not the demo's
        rows = report._read_group(
            [("network_partner_id", "in", ours.ids)],
            ["network_partner_id"],
            [
                "customers_referred:sum",
                "purchase_count:sum",
                "revenue:sum",
                "complaint_count:sum",
            ],
        )
        # reseller: 2 customers (one through its agent), 3 purchases,
        # 100 + 50 + 30 = 180; supplier 2 complaints, carrier 1
        self.assertEqual(
            {row[0]: row[1:] for row in rows},
            {
                self.reseller: (2, 3, 180.0, 0),
                self.supplier: (0, 0, 0.0, 2),
                self.carrier: (0, 0, 0.0, 1),
            },
        )
        june = report._read_group(
            [
                ("network_partner_id", "in", ours.ids),
                ("date", ">=", "2025-06-01"),
                ("kind", "=", "purchase"),
            ],
            [],
            ["revenue:sum"],
        )
        self.assertEqual(june, [(80.0,)])  # 50 + 30

    def test_network_partner_analysis_other_company_hidden(self):
        other = self.env["res.company"].create({"name": "Network Other Co"})
        customer = self._customer("Other company's customer", company_id=other.id)
        self.env["crm.complaint"].with_context(allowed_company_ids=[other.id]).create(
            {
                "partner_id": customer.id,
                "company_id": other.id,
                "responsible_partner_id": self.carrier.id,
            }
        )
        report = self.env["crm.network.partner.report"]
        self.assertEqual(
            report.sudo().search_count([("customer_id", "=", customer.id)]), 1
        )
        self.assertFalse(
            report.with_user(self.sales_manager).search(
                [("customer_id", "=", customer.id)]
            )
        )

    def test_network_partner_analysis_refused_without_crm_rights(self):
        with self.assertRaises(AccessError):
            self.env["crm.network.partner.report"].with_user(self.employee).search([])
