# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.models import parse_read_group_spec
from odoo.tools import SQL


class CrmSuccessRatioReportMixin(models.AbstractModel):
    """An analysis whose ratio measures are computed from the sums of their
    groups: a sum (or mean) of the rows' ratios means nothing in a pivot.

    ``_report_ratios``: {field: (numerator field, denominator field,
    factor)}; the view computes each row's ratio the same way
    (``_report_ratio_columns``)."""

    _name = "crm.success.ratio.report.mixin"
    _description = "Analysis with Ratio Measures"
    _report_ratios = {}

    @api.model
    def _report_ratio_columns(self, grouped=True):
        """SQL: the ratio columns of a row of the view, from its numerator
        and denominator columns, or from their sums when it is ``grouped``."""
        template = (
            "SUM(%s) * %s / NULLIF(SUM(%s), 0) AS %s"
            if grouped
            else "%s * %s / NULLIF(%s, 0) AS %s"
        )
        return SQL(", ").join(
            SQL(
                template,
                SQL.identifier(numerator),
                factor,
                SQL.identifier(denominator),
                SQL.identifier(name),
            )
            for name, (numerator, denominator, factor) in self._report_ratios.items()
        )

    @api.model
    def _read_group_select(self, aggregate_spec, query):
        fname, __, __ = parse_read_group_spec(aggregate_spec)
        if fname not in self._report_ratios:
            return super()._read_group_select(aggregate_spec, query)
        numerator, denominator, factor = self._report_ratios[fname]
        return SQL(
            "SUM(%s) * %s / NULLIF(SUM(%s), 0)",
            self._field_to_sql(self._table, numerator, query),
            factor,
            self._field_to_sql(self._table, denominator, query),
        )
