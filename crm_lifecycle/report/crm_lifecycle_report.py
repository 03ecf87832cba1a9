# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import fields, models, tools
from odoo.tools import SQL

from ..models.crm_lifecycle_history import REASONS


class CrmLifecycleReport(models.Model):
    """One row per lifecycle transition of a commercial partner, with the
    partner's channel and current stage: partners per stage (latest rows),
    transitions per month and new customers per channel."""

    _name = "crm.lifecycle.report"
    _description = "Customer Lifecycle Analysis"
    _auto = False
    _order = "date desc"
    _rec_name = "partner_id"

    date = fields.Date(readonly=True)
    partner_id = fields.Many2one("res.partner", string="Customer", readonly=True)
    stage_from_id = fields.Many2one(
        "crm.lifecycle.stage", string="From Stage", readonly=True
    )
    stage_to_id = fields.Many2one("crm.lifecycle.stage", string="Stage", readonly=True)
    current_stage_id = fields.Many2one("crm.lifecycle.stage", readonly=True)
    reason = fields.Selection(REASONS, readonly=True)
    acquisition_channel_id = fields.Many2one("crm.acquisition.channel", readonly=True)
    user_id = fields.Many2one("res.users", string="Salesperson", readonly=True)
    company_id = fields.Many2one("res.company", readonly=True)
    is_latest = fields.Boolean(
        string="Current", readonly=True, help="The partner's latest transition."
    )
    is_new_customer = fields.Boolean(
        string="New Customer", readonly=True, help="First purchase of the partner."
    )
    lifetime_revenue = fields.Float(readonly=True)

    def _select(self):
        return SQL(
            """
            h.id, h.date, h.partner_id, h.stage_from_id, h.stage_to_id, h.reason,
            h.company_id, p.lifecycle_stage_id AS current_stage_id,
            p.acquisition_channel_id, p.user_id,
            ROW_NUMBER() OVER (
                PARTITION BY h.partner_id ORDER BY h.date DESC, h.id DESC
            ) = 1 AS is_latest,
            COALESCE(s.code = 'new', FALSE) AS is_new_customer,
            p.lifetime_revenue
            """
        )

    def _from(self):
        return SQL(
            """
            crm_lifecycle_history h
            JOIN res_partner p ON p.id = h.partner_id
            LEFT JOIN crm_lifecycle_stage s ON s.id = h.stage_to_id
            """
        )

    def init(self):
        tools.drop_view_if_exists(self.env.cr, self._table)
        self.env.cr.execute(
            SQL(
                "CREATE OR REPLACE VIEW %s AS (SELECT %s FROM %s)",
                SQL.identifier(self._table),
                self._select(),
                self._from(),
            )
        )
