# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import _, api, fields, models, tools
from odoo.exceptions import AccessError

from ..engine.collector import cyclic_gc_paused
from ..engine.customer import days_without_purchase
from ..tools import jit_off

# the reason of a row entered by a person (see crm.lifecycle.correction.wizard)
MANUAL = "manual"
# the codes are stored: the labels are what users read, in the history and
# the chatter (see _reason_text)
REASONS = [
    ("order", "Purchase (sale order)"),
    ("invoice", "Purchase (invoice)"),
    ("inactivity", "No recent purchase"),
    ("referral", "Referred a customer or promoted us"),
    ("lead", "Lead or quotation"),
    (MANUAL, "Manual correction"),
    ("rebuild", "Rebuilt from past orders"),
]


class CrmLifecycleHistory(models.Model):
    """Append-only log of lifecycle stage changes of commercial partners.

    The recompute (``crm.lifecycle.recompute``) appends its rows and words
    the chatter notes from them (``_change_text``), so that the chatter tells
    what the history holds.
    """

    _name = "crm.lifecycle.history"
    _description = "Customer Lifecycle History"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    # evidence: a customer with history is archived, not deleted (see
    # res.partner._unlink_except_lifecycle_history)
    partner_id = fields.Many2one(
        "res.partner", required=True, index=True, ondelete="restrict"
    )
    company_id = fields.Many2one(related="partner_id.company_id", store=True)
    stage_from_id = fields.Many2one("crm.lifecycle.stage", string="From Stage")
    stage_to_id = fields.Many2one("crm.lifecycle.stage", string="To Stage")
    date = fields.Date(required=True, index=True)
    reason = fields.Selection(REASONS, required=True)
    order_id = fields.Many2one(
        "sale.order",
        string="Sale Order",
        index="btree_not_null",
        check_company=True,
    )
    note = fields.Text(help="Why a person entered this row (manual corrections).")

    # ------------------------------------------------------------------
    # ORM
    # ------------------------------------------------------------------
    # Rows are created by the system only (nobody has the create right: the
    # recompute inserts them in SQL, the manual correction wizard with sudo
    # after its checks).
    def write(self, vals):
        self._check_system_user()
        return super().write(vals)

    def unlink(self):
        self._check_system_user()
        return super().unlink()

    def _check_system_user(self):
        if not self.env.su and not self.env.user.has_group("base.group_system"):
            raise AccessError(
                _(
                    "The lifecycle history is append-only: only the system "
                    "administrator can change or delete its entries."
                )
            )

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------
    @api.model
    def _rebuild(self, partners=None):
        """Derive the purchases again, replay them and the inactivity
        thresholds up to today and rewrite the history of ``partners`` (all
        when None) with reason ``rebuild``, keeping the manual corrections.

        Private: run at installation and by lifecycle managers through
        ``crm.lifecycle.maintenance.wizard``; it runs as superuser."""
        ids = None if partners is None else partners.commercial_partner_id.ids
        purchases = self.env["crm.lifecycle.purchase"].sudo()
        if ids is None:
            purchases._rebuild_purchases()
        else:
            purchases._mark_stale("partner", ids)
        with jit_off(self.env.cr), cyclic_gc_paused():
            self.env["crm.lifecycle.recompute"].sudo()._run(ids, rebuild=True)

    @api.model
    def _change_text(self, row, stages, day, purchase_dates=()):
        """The chatter line of a history row (an ``engine.customer.HistoryRow``):
        its stages, formatted date ``day`` and reason in words.

        :param stages: {stage id: stage}
        :param purchase_dates: the customer's sorted purchase dates
        """
        return self._change_wording(stages)(row, day, purchase_dates)

    @api.model
    def _change_wording(self, stages):
        """The function ``word(row, day, purchase_dates=())`` giving
        ``_change_text``: the translations and stage names are looked up once,
        for the many rows of a run (a rebuild words some 600,000 rows on the
        benchmark, where looking them up per row took about 20 s)."""
        no_stage = self.env._("no stage")
        names = {stage_id: stage.name for stage_id, stage in stages.items()}
        new_ids = {
            stage_id for stage_id, stage in stages.items() if stage.code == "new"
        }
        line = self.env._("%(stage_from)s → %(stage_to)s on %(date)s: %(reason)s")
        no_purchase = self.env._("No purchase for %(days)s days")
        purchase_reasons = {
            "cancelled": self.env._("Purchases cancelled"),
            "first": self.env._("First purchase"),
            "other": self.env._("Purchase"),
        }
        labels = self._reason_labels()

        def reason_text(row, purchase_dates):
            """Why the stage changed, as a user says it."""
            if row.reason == "inactivity":
                days = days_without_purchase(purchase_dates, row.date)
                return no_purchase % {"days": days}
            if row.reason in ("order", "invoice"):
                if not row.stage_to_id:
                    return purchase_reasons["cancelled"]
                if row.stage_to_id in new_ids:
                    return purchase_reasons["first"]
                return purchase_reasons["other"]
            return labels[row.reason]

        def word(row, day, purchase_dates=()):
            return line % {
                "stage_from": names[row.stage_from_id]
                if row.stage_from_id
                else no_stage,
                "stage_to": names[row.stage_to_id] if row.stage_to_id else no_stage,
                "date": day,
                "reason": reason_text(row, purchase_dates),
            }

        return word

    @tools.ormcache("self.env.lang")
    def _reason_labels(self):
        return dict(self._fields["reason"]._description_selection(self.env))
