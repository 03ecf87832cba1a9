# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import datetime, time, timedelta

from odoo import api, fields, models
from odoo.exceptions import UserError, ValidationError
from odoo.osv import expression
from odoo.tools.safe_eval import safe_eval

from ..kpis import HANDLERS

NUMERIC_TYPES = ("integer", "float", "monetary")
DATE_TYPES = ("date", "datetime")
AGGREGATES = [("count", "Count"), ("sum", "Sum"), ("avg", "Average")]


class CrmSuccessKpi(models.Model):
    _name = "crm.success.kpi"
    _description = "CRM Success KPI"
    _order = "perspective, sequence, id"

    code = fields.Char(required=True)
    name = fields.Char(required=True, translate=True)
    sequence = fields.Integer(default=10)
    description = fields.Text(
        string="Definition", translate=True, help="The exact formula, shown to users."
    )
    perspective = fields.Selection(
        [
            ("financial", "Financial"),
            ("customer", "Customer"),
            ("process", "Internal Process"),
            ("people", "People"),
        ],
        required=True,
        default="customer",
    )
    unit = fields.Selection(
        [
            ("count", "Count"),
            ("currency", "Currency"),
            ("percent", "Percent"),
            ("days", "Days"),
            ("hours", "Hours"),
            ("seconds", "Seconds"),
            ("score", "Score"),
        ],
        required=True,
        default="count",
    )
    direction = fields.Selection(
        [("up", "Higher is better"), ("down", "Lower is better")],
        required=True,
        default="up",
    )
    kind = fields.Selection(
        [
            ("flow", "Flow (summed over the period)"),
            ("stock", "Stock (measured at period end)"),
            ("ratio", "Ratio (numerator / denominator)"),
        ],
        required=True,
        default="flow",
    )
    source = fields.Selection(
        [("builtin", "Built-in"), ("query", "Query")],
        required=True,
        default="builtin",
    )
    handler = fields.Selection(
        selection="_selection_handler",
        help="Registered built-in computation (see the kpis package).",
    )
    significance_test = fields.Selection(
        [
            ("none", "None"),
            ("proportion", "Two-proportion z-test"),
            ("poisson", "Poisson rates per day"),
        ],
        required=True,
        default="none",
        help="Test of the period against the baseline: proportions for ratios of "
        "counts, Poisson rates for count flows, none for averages and amounts.",
    )
    # Query KPIs: a safe user definition, never SQL or Python.
    model_id = fields.Many2one("ir.model", ondelete="cascade")
    model_name = fields.Char(related="model_id.model", string="Model Technical Name")
    domain = fields.Char(default="[]")
    date_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model_id', '=', model_id), ('ttype', 'in', ('date', 'datetime')),"
        " ('store', '=', True)]",
    )
    measure_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model_id', '=', model_id),"
        " ('ttype', 'in', ('integer', 'float', 'monetary')), ('store', '=', True)]",
    )
    aggregate = fields.Selection(AGGREGATES, default="count")
    denominator_model_id = fields.Many2one("ir.model", ondelete="cascade")
    denominator_model_name = fields.Char(
        related="denominator_model_id.model",
        string="Denominator Technical Name",
    )
    denominator_domain = fields.Char(default="[]")
    denominator_date_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model_id', '=', denominator_model_id),"
        " ('ttype', 'in', ('date', 'datetime')), ('store', '=', True)]",
    )
    denominator_measure_field_id = fields.Many2one(
        "ir.model.fields",
        ondelete="cascade",
        domain="[('model_id', '=', denominator_model_id),"
        " ('ttype', 'in', ('integer', 'float', 'monetary')), ('store', '=', True)]",
    )
    denominator_aggregate = fields.Selection(AGGREGATES, default="count")
    objective_ids = fields.One2many("crm.success.objective", "kpi_id")
    active = fields.Boolean(default=True)

    _sql_constraints = [
        ("code_unique", "unique(code)", "The code of a KPI must be unique."),
    ]

    # ------------------------------------------------------------------
    # DEFAULTS AND CONSTRAINTS
    # ------------------------------------------------------------------

    @api.model
    def _selection_handler(self):
        return [
            (code, code.replace("_", " ").capitalize()) for code in sorted(HANDLERS)
        ]

    @api.constrains("source", "handler")
    def _check_handler(self):
        for kpi in self.filtered(lambda k: k.source == "builtin"):
            if kpi.handler not in HANDLERS:
                raise ValidationError(
                    self.env._(
                        "The built-in KPI %(kpi)s needs a registered handler.",
                        kpi=kpi.name,
                    )
                )

    @api.constrains(
        "source",
        "model_id",
        "domain",
        "date_field_id",
        "measure_field_id",
        "aggregate",
        "denominator_model_id",
        "denominator_domain",
        "denominator_date_field_id",
        "denominator_measure_field_id",
        "denominator_aggregate",
    )
    def _check_query(self):
        for kpi in self.filtered(lambda k: k.source == "query"):
            kpi._check_query_part("")
            if kpi.denominator_model_id:
                kpi._check_query_part("denominator_")

    def _check_query_part(self, prefix):
        """Validate one query (numerator or denominator) of a query KPI."""
        model = self[f"{prefix}model_id"]
        date_field = self[f"{prefix}date_field_id"]
        measure_field = self[f"{prefix}measure_field_id"]
        aggregate = self[f"{prefix}aggregate"]
        if not model:
            raise ValidationError(self.env._("A query KPI needs a model."))
        if model.model not in self.env:
            raise ValidationError(
                self.env._("The model %s does not exist.", model.model)
            )
        if (
            not date_field
            or date_field.model_id != model
            or date_field.ttype not in DATE_TYPES
        ):
            raise ValidationError(
                self.env._("The KPI %s needs a date field of its model.", self.name)
            )
        if aggregate != "count" and (
            not measure_field
            or measure_field.model_id != model
            or measure_field.ttype not in NUMERIC_TYPES
            or not measure_field.store
        ):
            raise ValidationError(
                self.env._(
                    "The KPI %s needs a stored numeric measure field of its model "
                    "to sum or average.",
                    self.name,
                )
            )
        self._parse_domain(model.model, self[f"{prefix}domain"])

    def _parse_domain(self, model_name, domain_text):
        """Return the domain as a list, or raise a ValidationError if invalid."""
        try:
            domain = safe_eval(domain_text or "[]")
            if not isinstance(domain, list | tuple):
                raise ValueError(domain_text)
            domain = expression.normalize_domain(list(domain))
            # Builds (without running) the query: rejects unknown fields/operators.
            self.env[model_name].sudo()._search(domain)
        except Exception as error:
            raise ValidationError(
                self.env._(
                    "The domain %(domain)s is invalid: %(error)s",
                    domain=domain_text,
                    error=error,
                )
            ) from error
        return domain

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------

    def compute_value(self, date_from, date_to, company):
        """Measure the KPI for ``company`` between two dates (both inclusive).

        Returns ``{"value", "numerator", "denominator"}``; ``value`` is None when
        there is nothing to measure. Raises UserError when misconfigured.
        """
        self.ensure_one()
        date_from, date_to = (
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        if date_to < date_from:
            raise UserError(self.env._("The end date is before the start date."))
        env = self.sudo().with_company(company).env
        if self.source == "builtin":
            handler = HANDLERS.get(self.handler)
            if not handler:
                raise UserError(
                    self.env._("No computation is registered for %s.", self.handler)
                )
            return handler(env, date_from, date_to, company)
        return self._compute_query_value(env, date_from, date_to, company)

    def _compute_query_value(self, env, date_from, date_to, company):
        self._check_query()
        numerator = self._run_query_part("", env, date_from, date_to, company)
        if not self.denominator_model_id:
            return {"value": numerator, "numerator": numerator, "denominator": None}
        denominator = self._run_query_part(
            "denominator_", env, date_from, date_to, company
        )
        factor = 100.0 if self.unit == "percent" else 1.0
        value = (numerator or 0.0) * factor / denominator if denominator else None
        return {
            "value": value,
            "numerator": numerator or 0.0,
            "denominator": denominator or 0.0,
        }

    def _run_query_part(self, prefix, env, date_from, date_to, company):
        """One ``_read_group`` over the period: count, sum or average."""
        model = env[self[f"{prefix}model_id"].model]
        date_field = self[f"{prefix}date_field_id"]
        domain = self._parse_domain(model._name, self[f"{prefix}domain"])
        if date_field.ttype == "datetime":
            bounds = (
                datetime.combine(date_from, time.min),
                datetime.combine(date_to + timedelta(days=1), time.min),
            )
        else:
            bounds = (date_from, date_to + timedelta(days=1))
        domain = expression.AND(
            [
                domain,
                [(date_field.name, ">=", bounds[0]), (date_field.name, "<", bounds[1])],
            ]
        )
        if "company_id" in model._fields and model._fields["company_id"].store:
            domain = expression.AND(
                [domain, [("company_id", "in", (company.id, False))]]
            )
        aggregate = self[f"{prefix}aggregate"]
        spec = (
            "__count"
            if aggregate == "count"
            else (f"{self[f'{prefix}measure_field_id'].name}:{aggregate}")
        )
        [(result,)] = model._read_group(domain, aggregates=[spec])
        if aggregate == "avg" and result is None:
            return None
        return float(result or 0.0)
