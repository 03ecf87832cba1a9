# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Who may do what: the access matrix of crm_success_metrics, per role and model.

Each cell lists the operations a role may perform on a record of the first
company (c = create, r = read, w = write, u = unlink); every operation not
listed must be refused. The cells are checked against the real rights (access
rules and record rules together, ``check_access``), not against the CSV file.
"""

from odoo import Command
from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common_operations import CrmSuccessOperationsCase

ROLES = {
    "portal": "base.group_portal",
    "internal": "base.group_user",
    "salesman": "base.group_user,sales_team.group_sale_salesman",
    "sales_manager": "base.group_user,sales_team.group_sale_manager",
    "success_user": "base.group_user,"
    "crm_success_metrics.crm_success_metrics_group_user",
    "success_manager": "base.group_user,"
    "crm_success_metrics.crm_success_metrics_group_manager",
    "admin": "base.group_user,base.group_system,sales_team.group_sale_manager,"
    "crm_success_metrics.crm_success_metrics_group_manager",
    # a success manager of the second company only
    "other_company": "base.group_user,"
    "crm_success_metrics.crm_success_metrics_group_manager",
}

# One line per model, one column per role of ROLES in its order (portal,
# internal, salesman, sales manager, success user, success manager, admin,
# manager of the other company); "-": nothing.
# fmt: off
MATRIX = {
    #                                     port intl sman smgr user mgr  adm  othr
    "crm.success.kpi":                    "-    -    -    -    r    crwu crwu crwu",
    "crm.success.objective":              "-    -    -    -    r    crwu crwu c",
    "crm.success.scorecard":              "-    -    -    -    r    crwu crwu c",
    # lines are results, written by the scorecard computation only
    "crm.success.scorecard.line":         "-    -    -    -    r    r    r    -",
    "crm.success.baseline.unlock.wizard": "-    -    -    -    -    crwu crwu crwu",
    "crm.service.contact":                "-    -    -    -    crw  crwu crwu c",
    # >>> models added by the other hardening branches (query KPI rights,
    # >>> lifecycle history corrections, ...) go here, one line each.
    "crm.service.topic":                  "-    -    -    -    r    crwu crwu c",
    # an analysis (SQL view): read only
    "crm.service.topic.report":           "-    -    -    -    r    r    r    -",
    "crm.campaign.cost":                  "-    -    -    crwu r    crwu crwu c",
    # an analysis: read only, by who analyses the campaigns
    "crm.campaign.report":                "-    -    -    r    r    r    r    -",
    # the employees' figures: for the managers of the success metrics only
    "crm.network.employee.report":        "-    -    -    -    -    r    r    -",
    "crm.value.proposition":              "-    -    -    -    r    crwu crwu c",
    # the adoption analysis is read by success users only (an SQL view)
    "crm.success.adoption.report":        "-    -    -    -    r    r    r    -",
}
# fmt: on


@tagged("post_install", "-at_install")
class TestAccessMatrix(CrmSuccessOperationsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls._create_company("Success Matrix Other Co")
        cls.users = {
            role: new_test_user(
                cls.env,
                login=f"matrix_{role}",
                groups=groups,
                company_id=company.id,
                company_ids=[company.id],
            )
            for role, groups in ROLES.items()
            for company in [
                cls.other_company if role == "other_company" else cls.company
            ]
        }
        cls.scorecard = cls.env["crm.success.scorecard"].compute_period(
            "2026-02-01", "2026-02-28", company=cls.company, period_type="month"
        )
        cls.records = {
            "crm.success.kpi": cls.orders_kpi,
            "crm.success.objective": cls.objective,
            "crm.success.scorecard": cls.scorecard,
            "crm.success.scorecard.line": cls.scorecard.line_ids,
            "crm.service.contact": cls.env["crm.service.contact"].create(
                {"company_id": cls.company.id, "queued_at": "2026-02-02 10:00:00"}
            ),
            "crm.campaign.cost": cls.env["crm.campaign.cost"].create(
                {
                    "campaign_id": cls.env["utm.campaign"]
                    .create({"title": "Matrix campaign"})
                    .id,
                    "company_id": cls.company.id,
                    "date": "2026-02-02",
                    "amount": 10.0,
                }
            ),
            "crm.network.employee.report": cls._employee_report_row(),
            "crm.value.proposition": cls.env["crm.value.proposition"].create(
                {
                    "name": "Matrix proposition",
                    "company_id": cls.company.id,
                    "segment_type": "pareto",
                    "pareto_class": "A",
                    "campaign_id": cls.env["utm.campaign"].create({"name": "M"}).id,
                }
            ),
        }
        topic = cls.env["crm.service.topic"].create(
            {"name": "Matrix topic", "company_id": cls.company.id}
        )
        cls.records["crm.service.contact"].topic_ids = topic
        cls.env.flush_all()
        cls.records["crm.service.topic"] = topic
        cls.records["crm.service.topic.report"] = cls.env[
            "crm.service.topic.report"
        ].search([("topic_id", "=", topic.id)])
        cls.records["crm.campaign.report"] = cls.env["crm.campaign.report"].search(
            [("company_id", "=", cls.company.id)], limit=1
        )
        # a login of the company's sales person: their line of the analysis
        cls.env["res.users.log"].with_user(cls.users["salesman"]).sudo().create({})
        cls.env.flush_all()
        cls.records["crm.success.adoption.report"] = cls.env[
            "crm.success.adoption.report"
        ].search([("user_id", "=", cls.users["salesman"].id)])

    @classmethod
    def _employee_report_row(cls):
        """The row of a complaint naming an employee of the first company."""
        employee = cls.env["hr.employee"].create(
            {"name": "Matrix clerk", "company_id": cls.company.id}
        )
        cls.env["crm.complaint"].create(
            {
                "partner_id": cls.env["res.partner"].create({"name": "Matrix"}).id,
                "company_id": cls.company.id,
                "employee_id": employee.id,
            }
        )
        return cls.env["crm.network.employee.report"].search(
            [("employee_id", "=", employee.id)]
        )

    def _record(self, model, user):
        """The record of the first company a role acts on. Wizards are private to
        whoever opened them, so each role gets its own (when it may open one)."""
        if model != "crm.success.baseline.unlock.wizard":
            return self.records[model].with_user(user)
        Wizard = self.env[model].with_user(user)
        if not Wizard.has_access("create"):
            return (
                Wizard.sudo()
                .create({"objective_id": self.objective.id, "reason": "Matrix"})
                .with_user(user)
            )
        return Wizard.create({"objective_id": self.objective.id, "reason": "Matrix"})

    def test_matrix(self):
        operations = {"c": "create", "r": "read", "w": "write", "u": "unlink"}
        for model, cells in MATRIX.items():
            for role, allowed in zip(ROLES, cells.split(), strict=True):
                user = self.users[role]
                record = self._record(model, user)
                for letter, operation in operations.items():
                    with self.subTest(model=model, role=role, operation=operation):
                        target = record.browse() if letter == "c" else record
                        self.assertEqual(
                            target.has_access(operation),
                            letter in allowed,
                            f"{role} {operation} {model}",
                        )

    def test_matrix_cells_hold_for_real_operations(self):
        """A few cells played for real: what the table allows works, what it
        refuses raises and changes nothing."""
        objective = self.objective.with_user(self.users["success_user"])
        with self.assertRaises(AccessError):
            objective.target_value = 1000.0
        self.assertEqual(self.objective.target_value, 730.0)
        line = self.scorecard.line_ids.with_user(self.users["success_manager"])
        value = line.value
        self.assertTrue(line.read(["value"]))
        with self.assertRaises(AccessError):
            line.value = 1000.0
        with self.assertRaises(AccessError):
            line.unlink()
        self.assertEqual(self.scorecard.line_ids.value, value)
        portal = self.objective.with_user(self.users["portal"])
        with self.assertRaises(AccessError):
            portal.read(["name"])

    def test_other_company_reads_nothing_of_ours(self):
        other = self.users["other_company"]
        for model, records in self.records.items():
            if model == "crm.success.kpi":
                continue  # the KPI catalog is shared by all companies
            with self.subTest(model=model):
                self.assertFalse(
                    self.env[model].with_user(other).search([("id", "in", records.ids)])
                )
                with self.assertRaises(AccessError):
                    records.with_user(other).read(["company_id"])


@tagged("post_install", "-at_install")
class TestCompanyMoves(CrmSuccessOperationsCase):
    """Nothing is created in, nor moved into, a company the user isn't in."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.other_company = cls._create_company("Success Moves Other Co")
        cls.draft = cls.env["crm.success.scorecard"].create(
            {
                "company_id": cls.company.id,
                "date_from": "2026-02-01",
                "date_to": "2026-02-28",
            }
        )

    def _counts(self):
        return [
            self.env[model].search_count([("company_id", "=", self.other_company.id)])
            for model in ("crm.success.objective", "crm.success.scorecard")
        ]

    def test_manager_cannot_move_records_into_another_company(self):
        before = self._counts()
        Objective = self.env["crm.success.objective"].with_user(self.manager)
        Scorecard = self.env["crm.success.scorecard"].with_user(self.manager)
        for record in (
            Objective.browse(self.objective.id),
            Scorecard.browse(self.draft.id),
        ):
            with self.subTest(model=record._name):
                with self.assertRaises(AccessError):
                    record.company_id = self.other_company
                record.invalidate_recordset()
                self.assertEqual(record.company_id, self.company)
        with self.assertRaises(AccessError):
            Objective.create(
                {
                    "name": "Injected",
                    "kpi_id": self.orders_kpi.id,
                    "company_id": self.other_company.id,
                    "go_live_date": "2026-01-01",
                    "target_value": 1.0,
                    "target_date": "2026-12-31",
                }
            )
        with self.assertRaises(AccessError):
            Scorecard.create(
                {
                    "company_id": self.other_company.id,
                    "date_from": "2026-03-01",
                    "date_to": "2026-03-31",
                }
            )
        self.assertEqual(self._counts(), before)

    def test_related_records_stay_in_the_company(self):
        # A manager of both companies still cannot mix them in one objective.
        self.manager.company_ids = [Command.link(self.other_company.id)]
        theirs = self._create_objective(self.other_company, "Their orders")
        objective = self.objective.with_user(self.manager)
        with self.assertRaises(UserError):
            objective.conflict_objective_ids = theirs
        self.assertFalse(self.objective.conflict_objective_ids)
        stranger = new_test_user(
            self.env,
            login="success_moves_stranger",
            groups="base.group_user",
            company_id=self.other_company.id,
            company_ids=[self.other_company.id],
        )
        with self.assertRaises(UserError):
            objective.user_id = stranger
        self.assertNotEqual(self.objective.user_id, stranger)
