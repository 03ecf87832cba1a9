# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from dateutil.relativedelta import relativedelta

from odoo import api, fields, models
from odoo.exceptions import ValidationError
from odoo.osv import expression
from odoo.tools import SQL

from odoo.addons.crm_lifecycle.tools import check_bounds

# The numbers users set on a proposition: finite, and within these ranges.
NUMBER_BOUNDS = {"target_uptake": (0.0, 100.0)}
SEGMENT_TYPES = [
    ("rfm", "RFM Segment"),
    ("pareto", "Pareto Class"),
    ("stage", "Lifecycle Stage"),
    ("tags", "Partner Tags"),
    ("domain", "Custom Filter"),
]


class CrmValueProposition(models.Model):
    """What is offered to a target segment of customers, and how well it is
    taken up (issue #13.5).

    The segment is one of crm_lifecycle's figures of the customers (their RFM
    segment, Pareto class or lifecycle stage, as last computed), partner tags,
    or a filter on partners; its customers are the customers of the company
    (a purchase from it) matching it (``_segment_domain``). The offer is a
    pricelist, product categories and/or a UTM campaign: a purchase with any
    of them takes the offer up. The KPIs measured per proposition
    (``crm.success.kpi``'s ``_value_proposition_handlers``) read the
    proposition of their objective.
    """

    _name = "crm.value.proposition"
    _description = "Value Proposition"
    _inherit = ["crm.lifecycle.company.guard.mixin", "crm.success.finite.mixin"]
    _order = "start_date desc, name, id"
    _check_company_auto = True

    name = fields.Char(required=True, translate=True)
    description = fields.Text(
        help="What the segment is offered and why it creates value for them "
        "and for the company."
    )
    active = fields.Boolean(default=True)
    company_id = fields.Many2one(
        "res.company", required=True, index=True, default=lambda self: self.env.company
    )
    currency_id = fields.Many2one(related="company_id.currency_id")
    # the target segment
    segment_type = fields.Selection(
        SEGMENT_TYPES, string="Segment By", required=True, default="rfm"
    )
    rfm_segment = fields.Selection(
        selection=lambda self: self.env["res.partner"]._fields["rfm_segment"].selection,
        string="RFM Segment",
    )
    pareto_class = fields.Selection(
        selection=lambda self: (
            self.env["res.partner"]._fields["pareto_class"].selection
        ),
    )
    lifecycle_stage_id = fields.Many2one("crm.lifecycle.stage", ondelete="restrict")
    category_ids = fields.Many2many(
        "res.partner.category",
        string="Partner Tags",
        help="Customers with any of these tags (on them or on one of their contacts).",
    )
    partner_domain = fields.Char(
        string="Customer Filter",
        default="[]",
        help="Customers matching this filter (or one of their contacts does).",
    )
    # the offer
    pricelist_id = fields.Many2one(
        "product.pricelist", check_company=True, ondelete="restrict"
    )
    product_category_ids = fields.Many2many(
        "product.category",
        string="Product Categories",
        help="A purchase of a product of these categories (or of their "
        "subcategories) takes the offer up.",
    )
    campaign_id = fields.Many2one("utm.campaign", ondelete="restrict")
    start_date = fields.Date(required=True, default=fields.Date.context_today)
    target_uptake = fields.Float(
        string="Target Uptake (%)",
        help="Share of the segment's customers who should buy the offer in a period.",
    )
    # what it achieves
    current_uptake = fields.Float(
        string="Uptake Since Start (%)",
        compute="_compute_current_uptake",
        help="Share of the segment's customers who bought the offer from the "
        "start date to today.",
    )
    segment_size = fields.Integer(
        string="Segment Customers", compute="_compute_current_uptake"
    )
    objective_ids = fields.One2many("crm.success.objective", "value_proposition_id")
    objective_count = fields.Integer(compute="_compute_objective_count")

    # ------------------------------------------------------------------
    # COMPUTES AND CONSTRAINTS
    # ------------------------------------------------------------------

    def _compute_current_uptake(self):
        """The uptake from the start date to the company's today: one query
        per company and start date (``crm.success.kpi``'s
        ``_value_proposition_query``)."""
        Kpi = self.env["crm.success.kpi"].sudo()
        groups = {}
        for proposition in self:
            key = (proposition.company_id, proposition.start_date)
            groups.setdefault(key, self.browse())
            groups[key] |= proposition
        for (company, start_date), propositions in groups.items():
            today = company._lifecycle_today() if company else None
            if not (propositions.ids and today and start_date and start_date <= today):
                propositions.current_uptake = 0.0
                propositions.segment_size = 0
                continue
            period = (start_date, today)
            figures = Kpi.with_company(company)._value_proposition_query(
                [period], company, propositions.sudo()
            )[period]
            for proposition in propositions:
                counts = figures[proposition.id]
                proposition.segment_size = counts["segment"]
                proposition.current_uptake = (
                    counts["takers"] * 100.0 / counts["segment"]
                    if counts["segment"]
                    else 0.0
                )

    def _compute_objective_count(self):
        groups = self.env["crm.success.objective"]._read_group(
            [("value_proposition_id", "in", self.ids)],
            ["value_proposition_id"],
            ["__count"],
        )
        counts = {proposition.id: count for proposition, count in groups}
        for proposition in self:
            proposition.objective_count = counts.get(proposition.id, 0)

    @api.constrains(*NUMBER_BOUNDS)
    def _check_number_bounds(self):
        check_bounds(self, NUMBER_BOUNDS)

    @api.constrains(
        "segment_type",
        "rfm_segment",
        "pareto_class",
        "lifecycle_stage_id",
        "category_ids",
        "partner_domain",
    )
    def _check_segment(self):
        for proposition in self:
            proposition._segment_domain()

    @api.constrains("pricelist_id", "product_category_ids", "campaign_id")
    def _check_offer(self):
        for proposition in self:
            if not (
                proposition.pricelist_id
                or proposition.product_category_ids
                or proposition.campaign_id
            ):
                raise ValidationError(
                    self.env._(
                        "The value proposition %s offers nothing: choose a "
                        "pricelist, product categories or a campaign.",
                        proposition.name,
                    )
                )

    # ------------------------------------------------------------------
    # ACTIONS
    # ------------------------------------------------------------------

    def action_view_objectives(self):
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_success_metrics.crm_success_objective_action"
        )
        action["domain"] = [("value_proposition_id", "=", self.id)]
        action["context"] = {"default_value_proposition_id": self.id}
        return action

    def action_view_scorecard_lines(self):
        """The proposition's figures over the periods: the scorecard lines
        of its objectives, as a list by period."""
        self.ensure_one()
        action = self.env["ir.actions.actions"]._for_xml_id(
            "crm_success_metrics.crm_success_scorecard_line_action"
        )
        action.update(
            domain=[("value_proposition_id", "=", self.id)],
            context={"search_default_monthly": 1, "search_default_group_objective": 1},
            view_mode="list,graph,pivot",
            views=[(False, "list"), (False, "graph"), (False, "pivot")],
        )
        return action

    def action_view_segment(self):
        """The customers of the segment (see ``_segment_domain``), listed as
        the user who opens them."""
        self.ensure_one()
        drill = (
            self.env["crm.success.kpi"].sudo()._value_proposition_drill_segment(self)
        )
        return {
            "type": "ir.actions.act_window",
            "name": self.env._("Customers of %s", self.name),
            "res_model": "res.partner",
            "views": [[False, "list"], [False, "form"]],
            "domain": drill.domain,
            "context": {"create": False},
        }

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------

    def _segment_domain(self):
        """Domain on res.partner of the partners matching the segment (a
        customer is in it when it or one of its contacts matches), or a
        ValidationError naming what is missing."""
        self.ensure_one()
        kind = self.segment_type
        if kind == "rfm" and self.rfm_segment:
            return [("rfm_segment", "=", self.rfm_segment)]
        if kind == "pareto" and self.pareto_class:
            return [("pareto_class", "=", self.pareto_class)]
        if kind == "stage" and self.lifecycle_stage_id:
            return [("lifecycle_stage_id", "=", self.lifecycle_stage_id.id)]
        if kind == "tags" and self.category_ids:
            return [("category_id", "in", self.category_ids.ids)]
        if kind == "domain":
            # the KPI catalog's checks: stored fields of allowed models only
            domain = self.env["crm.success.kpi"]._parse_domain(
                "res.partner", self.partner_domain
            )
            if domain != [expression.TRUE_LEAF]:
                return domain
        raise ValidationError(
            self.env._(
                "The value proposition %(name)s has no target segment: choose "
                "its %(kind)s.",
                name=self.name,
                kind=dict(self._fields["segment_type"]._description_selection(self.env))
                .get(kind, self.env._("segment"))
                .lower(),
            )
        )

    # ------------------------------------------------------------------
    # DEMO DATA (called from demo/crm_value_proposition_demo.xml)
    # ------------------------------------------------------------------

    @api.model
    def _demo_take_up(self, proposition_id, every, months):
        """Give the offer of a demo proposition (its campaign, else its
        pricelist) to the confirmed orders of the last ``months`` months of
        one customer of the segment in ``every``, so that its uptake since
        go-live is believable."""
        proposition = self.browse(proposition_id)
        Kpi = self.env["crm.success.kpi"].sudo()
        segment = Kpi._value_proposition_drill_segment(proposition).domain[0][2]
        customers = sorted(segment)[::every]
        since = fields.Date.context_today(self) - relativedelta(months=months)
        orders = self.env["sale.order"].search(
            [
                ("partner_id", "child_of", customers),
                ("state", "=", "sale"),
                ("date_order", ">=", fields.Datetime.to_string(since)),
            ]
        )
        if proposition.campaign_id:
            orders.write({"campaign_id": proposition.campaign_id.id})
        elif orders:
            # placed on the pricelist: Sales refuses to change the pricelist
            # of a confirmed order, and the amounts stay those of the demo
            orders.flush_recordset()
            self.env.cr.execute(
                SQL(
                    "UPDATE sale_order SET pricelist_id = %s WHERE id IN %s",
                    proposition.pricelist_id.id,
                    tuple(orders.ids),
                )
            )
            orders.invalidate_recordset(["pricelist_id"])
