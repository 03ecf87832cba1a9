# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Finding 1: the rebuild and the full recompute are private, run by the
scheduler and by lifecycle managers through a wizard; the rebuild keeps the
manual corrections."""

from freezegun import freeze_time

from odoo.exceptions import AccessError
from odoo.service.model import get_public_method
from odoo.tests import HttpCase, new_test_user, tagged
from odoo.tests.common import JsonRpcException
from odoo.tools import mute_logger

from .common import LifecycleCommon

# the names that were public (and ran as superuser for anyone): gone, and
# their private successors: refused
MAINTENANCE_METHODS = [
    ("crm.lifecycle.history", "rebuild", AttributeError),
    ("crm.lifecycle.history", "_rebuild", AccessError),
    ("res.partner", "lifecycle_recompute_all", AttributeError),
    ("res.partner", "_lifecycle_recompute_all", AccessError),
]


def history_state(env):
    """(row count, manual row count) of the whole history"""
    env.flush_all()
    env.cr.execute(
        "SELECT count(*), count(*) FILTER (WHERE reason = 'manual') "
        "FROM crm_lifecycle_history"
    )
    return env.cr.fetchone()


@tagged("post_install", "-at_install")
@freeze_time("2025-06-30 12:00:00")
class TestLifecycleMaintenance(LifecycleCommon):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls._role_users()
        cls.customer = cls._customer("Maintained")
        cls._buy(cls.customer, cls.d("2025-01-10"))
        cls._buy(cls.customer, cls.d("2025-02-10"))
        cls.correction = cls.env["crm.lifecycle.history"].create(
            {
                "partner_id": cls.customer.id,
                "date": "2025-03-01",
                "stage_from_id": cls.stages["repeat"].id,
                "stage_to_id": cls.stages["churned"].id,
                "reason": "manual",
                "note": "Closed its shop, told us on the phone.",
            }
        )

    def test_not_callable_over_rpc(self):
        before = history_state(self.env)
        users = (self.portal, self.employee, self.salesman, self.lifecycle_manager)
        for user in users:
            for model, method, refusal in MAINTENANCE_METHODS:
                with self.subTest(user=user.login, method=f"{model}.{method}"):
                    # what /web/dataset/call_kw and /xmlrpc's execute_kw check
                    with self.assertRaises(refusal):
                        get_public_method(self.env[model].with_user(user), method)
        self.assertEqual(history_state(self.env), before)

    def test_wizard_refused_to_non_managers(self):
        before = history_state(self.env)
        for user in (self.portal, self.employee, self.salesman, self.lifecycle_user):
            with self.subTest(user=user.login), self.assertRaises(AccessError):
                self.env["crm.lifecycle.maintenance.wizard"].with_user(user).create(
                    {"operation": "rebuild"}
                )
        # a manager's wizard run by someone else
        wizard = (
            self.env["crm.lifecycle.maintenance.wizard"]
            .with_user(self.lifecycle_manager)
            .create({"operation": "rebuild"})
        )
        with self.assertRaises(AccessError):
            wizard.with_user(self.salesman).action_run()
        self.assertEqual(history_state(self.env), before)

    def test_manager_rebuilds_and_keeps_manual_rows(self):
        wizard = (
            self.env["crm.lifecycle.maintenance.wizard"]
            .with_user(self.lifecycle_manager)
            .create({"operation": "rebuild"})
        )
        self.assertGreaterEqual(wizard.customer_count, 1)
        self.assertEqual(wizard.manual_count, history_state(self.env)[1])
        self.assertGreaterEqual(wizard.manual_count, 1)
        wizard.action_run()
        self.assertTrue(self.correction.exists())
        self.assertEqual(self.correction.note, "Closed its shop, told us on the phone.")
        rows = self.customer.lifecycle_history_ids.sorted(lambda r: (r.date, r.id))
        self.assertEqual(
            [(str(r.date), r.stage_to_id.code, r.reason) for r in rows],
            [
                ("2025-01-10", "new", "rebuild"),
                ("2025-02-10", "repeat", "rebuild"),
                ("2025-03-01", "churned", "manual"),
                ("2025-05-12", "at_risk", "rebuild"),
            ],
        )
        # the stage is the rules' (see the readme)
        self.assertStage(self.customer, "at_risk")

    def test_manager_recomputes(self):
        late = self._customer("Recomputed")
        self._buy(late, self.d("2025-06-01"))
        self.env.cr.execute(
            "UPDATE res_partner SET lifecycle_stage_id = NULL WHERE id = %s", [late.id]
        )
        late.invalidate_recordset()
        wizard = (
            self.env["crm.lifecycle.maintenance.wizard"]
            .with_user(self.lifecycle_manager)
            .create({})
        )
        self.assertEqual(wizard.operation, "recompute")
        action = wizard.action_run()
        self.assertEqual(action["tag"], "display_notification")
        self.assertStage(late, "new")
        self.assertTrue(self.correction.exists())


@tagged("post_install", "-at_install")
class TestLifecycleMaintenanceRpc(HttpCase):
    """The same refusal through the web client's JSON-RPC route."""

    def test_portal_cannot_rebuild_over_json_rpc(self):
        portal = new_test_user(
            self.env, login="lifecycle_rpc_portal", groups="base.group_portal"
        )
        before = history_state(self.env)
        self.authenticate(portal.login, portal.login)
        for model, method, refusal in MAINTENANCE_METHODS:
            if refusal is not AccessError:
                continue  # gone (test above); an unknown method logs an error
            with (
                self.subTest(method=method),
                mute_logger("odoo.http"),
                self.assertRaises(JsonRpcException) as caught,
            ):
                self.make_jsonrpc_request(
                    "/web/dataset/call_kw",
                    {"model": model, "method": method, "args": [], "kwargs": {}},
                )
            self.assertEqual(caught.exception.args[0], "odoo.exceptions.AccessError")
        self.assertEqual(history_state(self.env), before)
