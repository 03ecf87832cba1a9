# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# ruff: noqa: E501 (the matrix is a table)
"""Who may read, create, write and unlink each model of crm_lifecycle.

Each cell of ``MATRIX`` is checked by doing the operation as the role's user
in a savepoint (read a record, create one, write it, unlink it), so the access
rules, the record rules and the model's own guards all take part. The records
read, written and unlinked belong to the test company; the ``other_company``
user (a sales manager of a second company only) works on them too.
"""

from freezegun import freeze_time

from odoo.exceptions import AccessError, UserError
from odoo.tests import new_test_user, tagged

from .common import LifecycleCommon

ROLES = (
    "portal",
    "employee",  # internal user without any CRM right
    "salesman",
    "sales_manager",
    "lifecycle_user",
    "lifecycle_manager",
    "other_company",  # a sales manager of another company
)
# c = create, r = read, w = write, u = unlink
# fmt: off
MATRIX = {
    #                                   portal employee salesman sales_mgr lc_user lc_mgr other_co
    "crm.lifecycle.stage":              ("",   "",      "r",     "crwu",   "r",    "crwu", "crwu"),
    "crm.acquisition.channel":          ("",   "",      "r",     "crwu",   "r",    "crwu", "crwu"),
    "crm.complaint.category":           ("",   "",      "r",     "crwu",   "r",    "crwu", "crwu"),
    "crm.lifecycle.history":            ("",   "",      "r",     "r",      "r",    "r",    ""),
    "crm.complaint":                    ("",   "",      "crw",   "crwu",   "crw",  "crwu", ""),
    "crm.lifecycle.report":             ("",   "",      "r",     "r",      "r",    "r",    ""),
    "crm.lifecycle.purchase":           ("",   "",      "r",     "r",      "r",    "r",    ""),
    "crm.lifecycle.purchase.stale":     ("",   "",      "",      "",       "",     "",     ""),
    "crm.lifecycle.maintenance.wizard": ("",   "",      "",      "crwu",   "",     "crwu", "crwu"),
    "crm.lifecycle.correction.wizard":  ("",   "",      "",      "crwu",   "",     "crwu", "crwu"),
    "crm.network.partner.report":       ("",   "",      "r",     "r",      "r",    "r",    ""),
}
# fmt: on
OPERATIONS = "crwu"


class Done(Exception):
    """An operation that went through, undone by leaving its savepoint."""


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestLifecycleAccessMatrix(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._role_users()
        cls.other_company = cls.env["res.company"].create({"name": "Matrix Other Co"})
        cls.other_company_user = new_test_user(
            cls.env,
            login="lifecycle_other_company",
            groups="sales_team.group_sale_manager",
            company_id=cls.other_company.id,
            company_ids=[cls.other_company.id],
        )
        cls.customer = cls._customer("Matrix customer", company_id=cls.company.id)
        order = cls._buy(cls.customer, cls.d("2025-06-01"))
        cls.history = cls.customer.lifecycle_history_ids
        cls.complaint = cls.env["crm.complaint"].create(
            {"partner_id": cls.customer.id, "company_id": cls.company.id}
        )
        churned = cls.stages["churned"].id
        supplier = cls._customer("Matrix supplier", network_role="supplier")
        attributed = cls.env["crm.complaint"].create(
            {
                "partner_id": cls.customer.id,
                "company_id": cls.company.id,
                "responsible_partner_id": supplier.id,
            }
        )
        # model: (a record of it, values to create one, values to write)
        cls.specs = {
            "crm.lifecycle.stage": (
                cls.env["crm.lifecycle.stage"].create({"name": "M", "code": "m"}),
                {"name": "Matrix", "code": "matrix"},
                {"description": "Changed"},
            ),
            "crm.acquisition.channel": (
                cls.env["crm.acquisition.channel"].create({"name": "M", "code": "m"}),
                {"name": "Matrix", "code": "matrix"},
                {"name": "Changed"},
            ),
            "crm.complaint.category": (
                cls.env["crm.complaint.category"].create({"name": "M"}),
                {"name": "Matrix"},
                {"name": "Changed"},
            ),
            "crm.lifecycle.history": (
                cls.history,
                {
                    "partner_id": cls.customer.id,
                    "date": "2025-06-02",
                    "reason": "referral",
                    "stage_to_id": cls.stages["advocate"].id,
                },
                {"stage_to_id": cls.stages["advocate"].id},
            ),
            "crm.complaint": (
                cls.complaint,
                {"partner_id": cls.customer.id, "company_id": cls.company.id},
                {"priority": "2"},
            ),
            "crm.lifecycle.report": (
                cls.env["crm.lifecycle.report"].browse(cls.history.id),
                {"partner_id": cls.customer.id, "date": "2025-06-02"},
                {"date": "2025-06-02"},
            ),
            "crm.lifecycle.purchase": (
                cls.env["crm.lifecycle.purchase"].search([("order_id", "=", order.id)]),
                {"partner_id": cls.customer.id, "date": "2025-06-02"},
                {"date": "2025-06-02"},
            ),
            "crm.lifecycle.purchase.stale": (
                # the system's queue, in SQL: nobody's through the ORM
                cls.env["crm.lifecycle.purchase.stale"].create(
                    {"kind": "order", "res_id": order.id}
                ),
                {"kind": "order", "res_id": order.id},
                {"res_id": order.id},
            ),
            "crm.lifecycle.maintenance.wizard": (
                None,  # the user's own wizard, see _record
                {"operation": "rebuild"},
                {"operation": "rebuild"},
            ),
            "crm.lifecycle.correction.wizard": (
                None,
                {"partner_id": cls.customer.id, "stage_to_id": churned, "note": "N"},
                {"note": "Changed"},
            ),
            "crm.network.partner.report": (
                # the complaint's row (see the report's ids)
                cls.env["crm.network.partner.report"].browse(attributed.id * 3 + 2),
                {"customer_id": cls.customer.id, "date": "2025-06-02"},
                {"date": "2025-06-02"},
            ),
        }

    def _user(self, role):
        return (
            self.other_company_user if role == "other_company" else getattr(self, role)
        )

    def _env(self, user):
        """The user's environment, in all its companies as the web client."""
        return self.env(
            user=user,
            context=dict(self.env.context, allowed_company_ids=user.company_ids.ids),
        )

    def _record(self, model, env):
        record, create_vals, _write_vals = self.specs[model]
        if record is None:  # a wizard: the user's own (transient records are)
            record = self.env[model].with_user(env.user).sudo().create(create_vals)
        return record.with_env(env)

    def _allowed(self, operation, model, env):
        _record, create_vals, write_vals = self.specs[model]
        actions = {
            "c": lambda: env[model].create(create_vals),
            "r": lambda: self._record(model, env).read(["display_name"]),
            "w": lambda: self._record(model, env).write(write_vals),
            "u": lambda: self._record(model, env).unlink(),
        }
        try:
            with self.env.cr.savepoint():
                actions[operation]()
                self.env.flush_all()
                raise Done  # undo it: every cell starts from the same data
        except Done:
            return True
        except (AccessError, UserError):  # ValidationError is a UserError
            return False
        finally:
            self.env.invalidate_all()

    def test_matrix(self):
        self.assertEqual(set(MATRIX), set(self.specs))
        for model, cells in MATRIX.items():
            for role, expected in zip(ROLES, cells, strict=True):
                env = self._env(self._user(role))
                for operation in OPERATIONS:
                    with self.subTest(model=model, role=role, operation=operation):
                        self.assertEqual(
                            self._allowed(operation, model, env),
                            operation in expected,
                        )

    def test_every_model_of_the_addon_is_in_the_matrix(self):
        # the models the addon defines, not those it extends
        own = {
            name
            for name, model in self.env.registry.items()
            if model._original_module == "crm_lifecycle" and not model._abstract
        }
        self.assertEqual(own, set(MATRIX))

    def test_cross_company_reads_refused(self):
        env = self._env(self.other_company_user)
        for model in (
            "crm.complaint",
            "crm.lifecycle.history",
            "crm.lifecycle.report",
            "crm.lifecycle.purchase",
            "crm.network.partner.report",
        ):
            with self.subTest(model=model):
                record = self.specs[model][0]
                self.assertFalse(env[model].search([("id", "=", record.id)]))
                self.assertFalse(
                    env[model]._read_group([("id", "=", record.id)], [], ["__count"])[
                        0
                    ][0]
                )
                with self.assertRaises(AccessError):
                    record.with_env(env).read(["display_name"])
        with self.assertRaises(AccessError):
            self.customer.with_env(env).read(["lifecycle_stage_id"])

    def test_cross_company_moves_refused(self):
        for role in ("salesman", "sales_manager", "lifecycle_manager"):
            env = self._env(self._user(role))
            for record in (self.complaint, self.history):
                with (
                    self.subTest(role=role, model=record._name),
                    self.assertRaises(UserError),
                ):
                    record.with_env(env).write({"company_id": self.other_company.id})
        self.assertEqual(self.complaint.company_id, self.company)
        self.assertEqual(self.history.company_id, self.company)

    def test_other_company_manager_cannot_correct_our_customer(self):
        env = self._env(self.other_company_user)
        before = len(self.customer.lifecycle_history_ids)
        wizard = env["crm.lifecycle.correction.wizard"].create(
            self.specs["crm.lifecycle.correction.wizard"][1]
        )
        with self.assertRaises(AccessError):
            wizard.action_confirm()
        self.customer.invalidate_recordset()
        self.assertEqual(len(self.customer.lifecycle_history_ids), before)
