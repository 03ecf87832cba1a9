# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from collections import defaultdict
from datetime import timedelta

from lxml import etree

from odoo import api, fields, models
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.osv import expression
from odoo.tools.misc import file_open
from odoo.tools.safe_eval import safe_eval

from odoo.addons.crm_lifecycle.engine.days import utc_bounds

from ..engine.query_values import invalid_value, only_ids
from ..kpis import Drill

NUMERIC_TYPES = ("integer", "float", "monetary")
DATE_TYPES = ("date", "datetime")
AGGREGATES = [("count", "Count"), ("sum", "Sum"), ("avg", "Average")]
# A built-in KPI is the method ``_kpi_<code>`` declared with ``kpis.kpi``.
BUILTIN_PREFIX = "_kpi_"
# The records behind a built-in KPI: the methods ``_drill_<set>`` its
# ``kpis.kpi`` names in ``drill``.
DRILL_PREFIX = "_drill_"
DRILL_SIDES = ("numerator", "denominator")
# What the code of a built-in KPI decides about it (see ``kpis.kpi``).
SPEC_FIELDS = ("kind", "unit", "direction", "significance_test")
# The business models a query KPI may measure, and the only models its domain
# may reach through a relation. A query KPI is evaluated as the superuser in
# the scorecard's company (see ``_query_env``), so this list is what bounds
# what a KPI can reveal: never technical models (ir.*, res.users, res.groups,
# res.config*, mail.*). Each has a stored company_id, forced to the
# scorecard's company. Extend it by overriding ``_query_models``.
QUERY_MODELS = (
    "account.move",
    "account.move.line",
    "crm.complaint",
    "crm.lead",
    "crm.lifecycle.history",
    "crm.service.contact",
    "crm.team",
    "product.template",
    "res.partner",
    "sale.order",
    "sale.order.line",
)


class CrmSuccessKpi(models.Model):
    """A KPI of the catalog: built-in (a method) or a query.

    A built-in KPI is a method ``_kpi_<code>`` of this model declared with
    ``kpis.kpi``, which also gives its kind, unit, direction and significance
    test; the record names it in ``handler``, and those four fields are copied
    from the code (``_apply_builtin_specs``), never edited. The methods live in
    ``crm_success_kpi_<domain>.py``; another addon adds or overrides one by
    inheriting this model.

    A query KPI is a safe definition (model, domain, date field, measure,
    aggregate, optional denominator), never SQL or Python. Its security:

    - it may read only the business models of ``_query_models`` (the
      ``QUERY_MODELS`` allow-list), and its domain may only follow relations
      into them, compare names only through them, and filter on stored fields;
    - saving it requires the author to read the models and fields it uses;
    - it is evaluated in ``_query_env``: as the superuser in the scorecard's
      company, counting only the records of that company (or of none), with
      an empty context, so the cron and any manager get the same number. The
      allow-list and the domain are checked again at each evaluation.
    """

    _name = "crm.success.kpi"
    _inherit = ["crm.lifecycle.text.guard.mixin"]
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
        help="The method _kpi_<handler> of the KPI model that computes it.",
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
        "counts, Poisson rates for count flows, none for averages and amounts. "
        "When the test finds the change not significant (p ≥ 0.05), the dashboard "
        'shows the status with "within normal variation" (e.g. "Achieved — '
        'within normal variation"): chance alone could explain it. Without a '
        "test, the status is shown as it is.",
    )
    # Query KPIs: a safe user definition, never SQL or Python.
    model_id = fields.Many2one(
        "ir.model",
        ondelete="cascade",
        domain=lambda self: [("model", "in", self._query_models())],
    )
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
    denominator_model_id = fields.Many2one(
        "ir.model",
        ondelete="cascade",
        domain=lambda self: [("model", "in", self._query_models())],
    )
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
            (code, code.replace("_", " ").capitalize())
            for code in sorted(self._builtin_specs())
        ]

    @api.constrains("source", "handler")
    def _check_handler(self):
        specs = self._builtin_specs()
        for kpi in self.filtered(lambda k: k.source == "builtin"):
            if kpi.handler not in specs:
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
        """Validate query KPIs, for the current user.

        Saved by a user: the models must be allowed and readable by the author,
        fields stored and visible to them, the domain's values valid. Computed
        (under ``_query_env``): the same checks, rights aside, so a definition
        changed behind the ORM's back is not run either.
        """
        for kpi in self.filtered(lambda k: k.source == "query"):
            kpi._check_query_part("")
            if kpi.denominator_model_id:
                kpi._check_query_part("denominator_")

    def _check_query_part(self, prefix):
        """Validate one query (numerator or denominator) of a query KPI."""
        # ir.model and ir.model.fields are settings-only: read them as sudo,
        # check the models and fields themselves as the current user.
        definition = self.sudo()
        model_record = definition[f"{prefix}model_id"]
        if not model_record:
            raise ValidationError(self.env._("A query KPI needs a model."))
        model = self._query_model(model_record.model)
        if not model.has_access("read"):
            raise AccessError(
                self.env._(
                    "You cannot measure %(model)s in a KPI: you may not read them.",
                    model=model._description,
                )
            )
        date_field = definition[f"{prefix}date_field_id"]
        if (
            not date_field
            or date_field.model_id != model_record
            or date_field.ttype not in DATE_TYPES
            or not self._query_field_visible(model, date_field.name)
        ):
            raise ValidationError(
                self.env._("The KPI %s needs a date field of its model.", self.name)
            )
        measure_field = definition[f"{prefix}measure_field_id"]
        if self[f"{prefix}aggregate"] != "count" and (
            not measure_field
            or measure_field.model_id != model_record
            or measure_field.ttype not in NUMERIC_TYPES
            or not self._query_field_visible(model, measure_field.name)
        ):
            raise ValidationError(
                self.env._(
                    "The KPI %s needs a stored numeric measure field of its model "
                    "to sum or average.",
                    self.name,
                )
            )
        self._parse_domain(model._name, self[f"{prefix}domain"])

    @api.model
    def _query_models(self):
        """Names of the installed models a query KPI may read (hook)."""
        return [name for name in QUERY_MODELS if name in self.env]

    def _query_model(self, model_name):
        """The model ``model_name`` if query KPIs may read it, else refuse."""
        if model_name not in self._query_models():
            raise ValidationError(
                self.env._(
                    "The model %s cannot be measured by a query KPI: only the "
                    "business models listed in the KPI documentation can.",
                    model_name,
                )
            )
        return self.env[model_name]

    def _query_field_visible(self, model, field_name):
        field = model._fields.get(field_name)
        return bool(field and field.store and field.is_accessible(self.env))

    def _parse_domain(self, model_name, domain_text):
        """Return the domain as a list, or raise a ValidationError if invalid."""
        try:
            domain = safe_eval(domain_text or "[]")
            if not isinstance(domain, list | tuple):
                raise ValueError(domain_text)
            domain = expression.normalize_domain(list(domain))
        except Exception as error:
            raise self._invalid_domain(domain_text, error) from error
        # before building the query: a name search in it would already run SQL
        self._check_domain_leaves(self.env[model_name], domain)
        try:
            # Builds (without running) the query: rejects unknown operators.
            self.env[model_name].sudo()._search(domain)
        except Exception as error:
            raise self._invalid_domain(domain_text, error) from error
        return domain

    def _invalid_domain(self, domain_text, error):
        return ValidationError(
            self.env._(
                "The domain %(domain)s is invalid: %(error)s",
                domain=domain_text,
                error=error,
            )
        )

    def _check_domain_leaves(self, model, domain):
        """Refuse conditions SQL would ignore or fail on, and paths leaving the
        allowed models: each field of a path stored and visible to the user,
        each relation followed leading to an allowed model, each value one the
        field can be compared with."""
        for leaf in domain:
            if not expression.is_leaf(leaf) or leaf in (
                expression.TRUE_LEAF,
                expression.FALSE_LEAF,
            ):
                continue
            path, operator, value = leaf
            field = self._check_domain_path(model, path)
            if operator in ("any", "not any"):
                if not isinstance(value, list | tuple):
                    raise self._invalid_domain(str(leaf), operator)
                comodel = self._query_model(field.comodel_name)
                self._check_domain_leaves(comodel, expression.normalize_domain(value))
                continue
            bad_value = invalid_value(field.type, operator, value)
            if bad_value is not None:
                raise ValidationError(
                    self.env._(
                        "The field %(field)s cannot be compared with %(value)r.",
                        field=path,
                        value=bad_value,
                    )
                )
            if field.relational and not only_ids(value):
                # a name compared to a relation searches the related model
                self._query_model(field.comodel_name)

    def _check_domain_path(self, model, path):
        """The last field of ``path`` (``partner_id.name``), checked."""
        names = str(path).split(".")
        for index, name in enumerate(names):
            if not self._query_field_visible(model, name):
                raise ValidationError(
                    self.env._(
                        "%(path)s is not a stored field of %(model)s: a KPI can "
                        "only filter on stored fields.",
                        path=path,
                        model=model._description,
                    )
                )
            field = model._fields[name]
            if index < len(names) - 1:
                if not field.relational:
                    raise ValidationError(
                        self.env._("%s is not a path of related records.", path)
                    )
                model = self._query_model(field.comodel_name)
        return field

    # ------------------------------------------------------------------
    # CRUD
    # ------------------------------------------------------------------

    @api.model_create_multi
    def create(self, vals_list):
        specs = self._builtin_specs()
        for vals in vals_list:
            if vals.get("source", "builtin") == "builtin":
                vals.update(specs.get(vals.get("handler"), {}))
        return super().create(vals_list)

    def write(self, vals):
        result = super().write(vals)
        if set(vals) & {"source", "handler", *SPEC_FIELDS}:
            self._apply_builtin_specs()
        return result

    # ------------------------------------------------------------------
    # BUSINESS
    # ------------------------------------------------------------------

    @api.model
    def _builtin_specs(self):
        """{code: spec} of the built-in KPIs: the ``_kpi_<code>`` methods of
        this database's model declared with ``kpis.kpi``.

        Read from the model's class, which Odoo builds per database from the
        addons installed in it. The classes are read base first, so an
        override that declares ``kpis.kpi`` again changes the spec, and one
        that does not keeps it.
        """
        specs = {}
        for klass in reversed(type(self).__mro__):
            for name, member in vars(klass).items():
                spec = getattr(member, "kpi_spec", None)
                if spec and name.startswith(BUILTIN_PREFIX):
                    specs[name.removeprefix(BUILTIN_PREFIX)] = spec
        return specs

    def _apply_builtin_specs(self):
        """Copy the spec of their code onto the built-in KPIs of ``self`` whose
        stored kind, unit, direction or test differ (one write per spec)."""
        specs = self._builtin_specs()
        stale = defaultdict(lambda: self.browse())
        for kpi in self.filtered(lambda k: k.source == "builtin"):
            spec = specs.get(kpi.handler)
            if spec and any(kpi[name] != value for name, value in spec.items()):
                stale[tuple(spec.items())] |= kpi
        for spec, kpis in stale.items():
            kpis.write(dict(spec))

    @api.model
    def _reset_shipped_descriptions(self, xmlids):
        """Give the built-in KPIs ``xmlids`` (of this addon) the description
        shipped in ``data/crm_success_kpi_data.xml``: for the migrations of a
        version that changes what they measure, since the records are
        noupdate. A KPI a user deleted is left alone."""
        with file_open(
            "crm_success_metrics/data/crm_success_kpi_data.xml", "rb"
        ) as data:
            catalog = etree.parse(data)
        for xmlid in xmlids:
            [description] = catalog.xpath(
                f"//record[@id='{xmlid}']/field[@name='description']"
            )
            kpi = self.env.ref(f"crm_success_metrics.{xmlid}", raise_if_not_found=False)
            if kpi:
                kpi.description = description.text

    @api.model
    def _update_builtin_specs(self):
        """Align every built-in KPI with its code; run at each install or
        update of the addon (``data/crm_success_kpi_spec_data.xml``), so an
        edited record or an addon overriding a spec is followed."""
        self.with_context(active_test=False).search(
            [("source", "=", "builtin")]
        )._apply_builtin_specs()

    @api.private
    def compute_value(self, date_from, date_to, company):
        """Measure the KPI for ``company`` between two dates (both inclusive).

        Returns ``{"value", "numerator", "denominator"}``; ``value`` is None when
        there is nothing to measure. Raises UserError when misconfigured.

        Server-side only (scorecards, baselines): its arguments are not
        validated for RPC callers.
        """
        self.ensure_one()
        date_from, date_to = (
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        if date_to < date_from:
            raise UserError(self.env._("The end date is before the start date."))
        if self.source == "builtin":
            if self.handler not in self._builtin_specs():
                raise UserError(
                    self.env._("No computation is registered for %s.", self.handler)
                )
            method = getattr(
                self.sudo().with_company(company), BUILTIN_PREFIX + self.handler
            )
            return method(date_from, date_to, company)
        return self.with_env(self._query_env(company))._compute_query_value(
            date_from, date_to, company
        )

    @api.model
    def _query_env(self, company):
        """Where query KPIs run: as the superuser in ``company`` with an empty
        context (no language or user preference), whoever computes them.

        The cron and a manager get the same number; what a KPI can read is
        bounded by ``_query_models`` and the company forced on its records.
        """
        return self.with_env(self.env(context={}, su=True)).with_company(company).env

    def _compute_query_value(self, date_from, date_to, company):
        self._check_query()
        numerator = self._run_query_part("", date_from, date_to, company)
        if not self.denominator_model_id:
            return {"value": numerator, "numerator": numerator, "denominator": None}
        denominator = self._run_query_part("denominator_", date_from, date_to, company)
        factor = 100.0 if self.unit == "percent" else 1.0
        value = (numerator or 0.0) * factor / denominator if denominator else None
        return {
            "value": value,
            "numerator": numerator or 0.0,
            "denominator": denominator or 0.0,
        }

    def _query_part_domain(self, prefix, date_from, date_to, company):
        """(model, domain) of the records one query of the KPI measures over
        the period: its domain, the period's days of the company's time zone
        on its date field, the company's records (or of none). The values are
        strings, so that a drill-down's window action carries the domain."""
        model = self.env[self[f"{prefix}model_id"].model]
        date_field = self[f"{prefix}date_field_id"]
        domain = self._parse_domain(model._name, self[f"{prefix}domain"])
        if date_field.ttype == "datetime":
            bounds = utc_bounds(date_from, date_to, company._lifecycle_tz())
            bounds = [fields.Datetime.to_string(bound) for bound in bounds]
        else:
            bounds = [
                fields.Date.to_string(day)
                for day in (date_from, date_to + timedelta(days=1))
            ]
        domain = expression.AND(
            [
                domain,
                [(date_field.name, ">=", bounds[0]), (date_field.name, "<", bounds[1])],
            ]
        )
        if "company_id" in model._fields and model._fields["company_id"].store:
            domain = expression.AND(
                [domain, [("company_id", "in", [company.id, False])]]
            )
        return model, domain

    def _run_query_part(self, prefix, date_from, date_to, company):
        """One ``_read_group`` over the period: count, sum or average."""
        model, domain = self._query_part_domain(prefix, date_from, date_to, company)
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

    # ------------------------------------------------------------------
    # DRILL-DOWN
    # ------------------------------------------------------------------

    def _builtin_drill_sets(self):
        """Names of the record sets behind the built-in KPI ``self``: the
        ``drill`` of the most derived ``_kpi_<handler>`` naming some (an
        override that does not keeps the sets of the method it overrides)."""
        name = BUILTIN_PREFIX + (self.handler or "")
        for klass in type(self).__mro__:
            sets = getattr(vars(klass).get(name), "kpi_drill", ())
            if sets:
                return sets
        return ()

    def _drill(self, side, date_from, date_to, company):
        """The :class:`~..kpis.Drill` of the records behind the ``side``
        (``numerator`` or ``denominator``) of the KPI for a period and a
        company, or a UserError when it has none.

        It only describes the records: built-in sets may find them with SQL
        as the superuser (like the KPI), but they are listed by the user who
        opens them, with their access rights. Server-side only."""
        self.ensure_one()
        date_from, date_to = (
            fields.Date.to_date(date_from),
            fields.Date.to_date(date_to),
        )
        if self.source == "query":
            prefix = "" if side == "numerator" else "denominator_"
            if side != "numerator" and not self.denominator_model_id:
                raise self._no_drill(side)
            kpi = self.with_env(self._query_env(company))
            kpi._check_query()
            model, domain = kpi._query_part_domain(prefix, date_from, date_to, company)
            # a sum is the sum of the records' measure; an average is no
            # count nor sum of them: the list shows the records averaged
            measure = kpi[f"{prefix}measure_field_id"]
            summed = kpi[f"{prefix}aggregate"] == "sum"
            return Drill(
                model._name,
                domain,
                model._description,
                measure=(measure.name, 1) if summed else (),
            )
        sets = self._builtin_drill_sets()
        index = DRILL_SIDES.index(side)
        if index >= len(sets):
            raise self._no_drill(side)
        method = getattr(self.sudo().with_company(company), DRILL_PREFIX + sets[index])
        return method(date_from, date_to, company)

    def _no_drill(self, side):
        if side == "denominator":
            return UserError(
                self.env._("The KPI %s has no denominator to open.", self.name)
            )
        return UserError(
            self.env._("The records behind the KPI %s cannot be listed.", self.name)
        )
