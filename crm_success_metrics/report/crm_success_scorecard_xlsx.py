# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import models

from ..engine import display

TREND_PERIODS = 12
# Columns written in the line's KPI unit, in plain numbers or as percentages.
UNIT_STYLES = ("unit",)
NUMERIC_STYLES = ("unit", "percent", "progress", "pvalue")
# Size (pixels) of the small chart of each objective on the Trend sheet.
CHART_SIZE = (480, 260)

# Cell colours of the line statuses (Excel's "good / neutral / bad" palette).
STATUS_COLORS = {
    "achieved": "#C6EFCE",
    "on_track": "#DDEBF7",
    "at_risk": "#FFEB9C",
    "off_track": "#FFC7CE",
    "no_data": "#EDEDED",
    "error": "#FF9999",
}


class CrmSuccessScorecardXlsx(models.AbstractModel):
    """Scorecard workbook: the period's lines, their trend and the KPI formulas.

    Sheets: "Scorecard" (one row per objective, status cells coloured),
    "Trend" (the last 12 scorecards of the same periodicity: values, targets
    and progress, with a small native line chart of value against target per
    objective) and "Definitions" (each KPI's formula). Override
    ``_scorecard_columns`` to add columns.

    Every value is a number formatted in its KPI's unit (the company
    currency's symbol, "%", whole counts, durations as [h]:mm:ss); progress is
    shown bounded to −100 … 200 % (the exact value is the last column).

    Text is always written as text: objective and KPI names are typed by users
    and the workbook is mailed to subscribers, so a name such as
    ``=HYPERLINK(...)`` must not become a formula (or a link) in their
    spreadsheet. The chart names its series by reference to the header cells.
    """

    _name = "report.crm_success_metrics.scorecard_xlsx"
    _inherit = "report.report_xlsx.abstract"
    _description = "Scorecard XLSX Report"

    def get_workbook_options(self):
        # No formula or hyperlink is ever made from a string (xlsxwriter's
        # defaults turn "=..." into formulas and "http..." into links).
        return dict(
            super().get_workbook_options(),
            strings_to_formulas=False,
            strings_to_urls=False,
        )

    def generate_xlsx_report(self, workbook, data, objs):
        styles = self._scorecard_styles(workbook)
        for scorecard in objs:
            self._write_scorecard_sheet(workbook, styles, scorecard)
            self._write_trend_sheet(workbook, styles, scorecard)
        self._write_definitions_sheet(workbook, styles, objs.line_ids.kpi_id)

    # ------------------------------------------------------------
    # Styles and labels
    # ------------------------------------------------------------

    def _scorecard_styles(self, workbook):
        styles = {
            "title": workbook.add_format({"bold": True, "font_size": 14}),
            "header": workbook.add_format(
                {"bold": True, "bg_color": "#D9D9D9", "border": 1, "text_wrap": True}
            ),
            "number": workbook.add_format({"num_format": "#,##0.00"}),
            "percent": workbook.add_format({"num_format": '0.0" %"'}),
            "progress": workbook.add_format({"num_format": display.PROGRESS_FORMAT}),
            "pvalue": workbook.add_format({"num_format": "0.0000"}),
            "wrap": workbook.add_format({"text_wrap": True, "valign": "top"}),
        }
        for status, color in STATUS_COLORS.items():
            styles[status] = workbook.add_format(
                {"bg_color": color, "border": 1, "bold": True}
            )
        return styles

    def _selection_labels(self, model, field_name):
        field = self.env[model]._fields[field_name]
        return dict(field._description_selection(self.env))

    def _number_style(self, workbook, styles, num_format):
        """The cell format of a number format, made once per workbook."""
        key = ("num_format", num_format)
        if key not in styles:
            styles[key] = workbook.add_format({"num_format": num_format})
        return styles[key]

    def _write_in_unit(self, workbook, styles, sheet, row, col, line, value):
        """Write ``value`` of ``line`` in its KPI's unit; blank without value."""
        number, num_format = line.kpi_id._spreadsheet_cell(
            value, line.company_id.currency_id
        )
        if number is None:
            sheet.write_blank(row, col, None)
        elif num_format is None:
            sheet.write_string(row, col, number)  # a negative duration
        else:
            sheet.write_number(
                row, col, number, self._number_style(workbook, styles, num_format)
            )

    def _period_label(self, scorecard):
        return scorecard.name

    # ------------------------------------------------------------
    # Scorecard sheet
    # ------------------------------------------------------------

    def _scorecard_columns(self):
        """(header, width, getter(line), style key) of the Scorecard sheet."""
        units = self._selection_labels("crm.success.kpi", "unit")
        return [
            (self.env._("Objective"), 30, lambda ln: ln.objective_id.name, None),
            (self.env._("KPI"), 28, lambda ln: ln.kpi_id.name, None),
            (self.env._("Unit"), 10, lambda ln: units.get(ln.kpi_id.unit), None),
            (self.env._("Value"), 14, lambda ln: ln.value, "unit"),
            (self.env._("Baseline"), 14, lambda ln: ln.baseline_value, "unit"),
            (self.env._("Target"), 14, lambda ln: ln.target_value, "unit"),
            (self.env._("Last Year"), 14, self._line_previous_year, "unit"),
            (
                self.env._("Change vs Baseline"),
                14,
                lambda ln: ln.change_vs_baseline,
                "unit",
            ),
            (
                self.env._("Change vs Baseline (%)"),
                12,
                lambda ln: ln.change_vs_baseline_pct,
                "percent",
            ),
            (self.env._("Progress (%)"), 12, lambda ln: ln.progress_shown, "progress"),
            (self.env._("Status"), 12, None, None),  # written coloured
            (self.env._("p-value"), 10, lambda ln: ln.p_value, "pvalue"),
            (self.env._("Warnings"), 50, self._line_warnings, "wrap"),
            (
                self.env._("Exact Progress (%)"),
                12,
                lambda ln: ln.progress_pct,
                "percent",
            ),
        ]

    def _line_previous_year(self, line):
        return line.previous_year_value if line.previous_year_measured else None

    def _line_warnings(self, line):
        return "\n".join(
            msg for msg in (line.tradeoff_warning, line.error_message) if msg
        )

    def _line_has_data(self, line):
        return line.status not in ("no_data", "error")

    def _write_scorecard_sheet(self, workbook, styles, scorecard):
        sheet = workbook.add_worksheet(self.env._("Scorecard"))
        statuses = self._selection_labels("crm.success.scorecard.line", "status")
        sheet.write(
            0,
            0,
            self.env._(
                "Scorecard %(company)s, %(period)s",
                company=scorecard.company_id.name,
                period=self._period_label(scorecard),
            ),
            styles["title"],
        )
        sheet.write(1, 0, self.env._("Success index"))
        sheet.write_number(1, 1, scorecard.success_index, styles["progress"])
        header_row = 3
        columns = self._scorecard_columns()
        for col, (header, width, _getter, _style) in enumerate(columns):
            sheet.set_column(col, col, width)
            sheet.write(header_row, col, header, styles["header"])
        for row, line in enumerate(scorecard.line_ids, start=header_row + 1):
            for col, (_header, _width, getter, style) in enumerate(columns):
                if getter is None:
                    sheet.write(
                        row, col, statuses.get(line.status), styles[line.status]
                    )
                    continue
                numeric = style in NUMERIC_STYLES
                value = getter(line)
                if numeric and not self._line_has_data(line):
                    value = None  # no fake zeros for missing values
                if style in UNIT_STYLES:
                    self._write_in_unit(workbook, styles, sheet, row, col, line, value)
                elif value is None or value is False or value == "":
                    sheet.write_blank(row, col, None, styles.get(style))
                else:
                    sheet.write(row, col, value, styles.get(style))
        sheet.freeze_panes(header_row + 1, 2)

    # ------------------------------------------------------------
    # Trend sheet
    # ------------------------------------------------------------

    def _trend_scorecards(self, scorecard):
        """The last TREND_PERIODS scorecards of the same company and periodicity."""
        return (
            self.env["crm.success.scorecard"]
            .search(
                [
                    ("company_id", "=", scorecard.company_id.id),
                    ("period_type", "=", scorecard.period_type),
                    ("date_from", "<=", scorecard.date_from),
                ],
                order="date_from desc",
                limit=TREND_PERIODS,
            )
            .sorted("date_from")
        )

    def _write_trend_sheet(self, workbook, styles, scorecard):
        """Three blocks, periods down the rows and objectives across: values,
        targets (scaled to each period) and progress; then a small chart per
        objective to the right of them."""
        sheet = workbook.add_worksheet(self.env._("Trend"))
        scorecards = self._trend_scorecards(scorecard)
        objectives = scorecard.line_ids.objective_id
        by_key = {
            (ln.scorecard_id.id, ln.objective_id.id): ln for ln in scorecards.line_ids
        }
        n = len(scorecards)
        blocks = [
            (self.env._("Value"), "value"),
            (self.env._("Target"), "target_value"),
            (self.env._("Progress (%)"), "progress_shown"),
        ]
        tops = [index * (n + 3) for index in range(len(blocks))]
        sheet.set_column(0, 0, 24)
        sheet.set_column(1, len(objectives), 16)
        for (title, field_name), top in zip(blocks, tops, strict=True):
            sheet.write(top, 0, title, styles["title"])
            sheet.write(top + 1, 0, self.env._("Period"), styles["header"])
            for col, objective in enumerate(objectives, start=1):
                sheet.write(top + 1, col, objective.name, styles["header"])
            for row, period in enumerate(scorecards, start=top + 2):
                sheet.write(row, 0, self._period_label(period))
                for col, objective in enumerate(objectives, start=1):
                    line = by_key.get((period.id, objective.id))
                    if not line or not self._line_has_data(line):
                        continue
                    if field_name == "progress_shown":
                        sheet.write_number(
                            row, col, line[field_name], styles["progress"]
                        )
                    else:
                        self._write_in_unit(
                            workbook, styles, sheet, row, col, line, line[field_name]
                        )
        if not (n and objectives):
            return
        for index, objective in enumerate(objectives):
            line = scorecard.line_ids.filtered(
                lambda ln, o=objective: ln.objective_id == o
            )
            self._add_objective_chart(
                workbook,
                sheet,
                line[:1],
                col=index + 1,
                tops=tops[:2],
                periods=n,
                position=(index, len(objectives) + 2),
            )

    def _add_objective_chart(self, workbook, sheet, line, col, tops, periods, position):
        """A small line chart of one objective: its value against its target
        over the periods, on an axis in the KPI's unit. Titles and series
        names are references to cells (the objective's header, the blocks'
        titles), never user text read as a formula by xlsxwriter."""
        value_top, target_top = tops
        chart = workbook.add_chart({"type": "line"})
        for top, options in (
            (value_top, {"marker": {"type": "circle"}}),
            (target_top, {"line": {"dash_type": "dash"}}),
        ):
            chart.add_series(
                dict(
                    options,
                    name=[sheet.name, top, 0],
                    categories=[
                        sheet.name,
                        value_top + 2,
                        0,
                        value_top + 1 + periods,
                        0,
                    ],
                    values=[sheet.name, top + 2, col, top + 1 + periods, col],
                )
            )
        chart.set_title({"name": [sheet.name, value_top + 1, col], "overlay": False})
        _number, num_format = line.kpi_id._spreadsheet_cell(
            abs(line.target_value), line.company_id.currency_id
        )
        if num_format:
            chart.set_y_axis({"num_format": num_format})
        chart.set_legend({"position": "bottom"})
        width, height = CHART_SIZE
        chart.set_size({"width": width, "height": height})
        index, first_col = position
        sheet.insert_chart(
            0,
            first_col,
            chart,
            {
                "x_offset": (index % 2) * (width + 10),
                "y_offset": (index // 2) * (height + 10),
            },
        )

    # ------------------------------------------------------------
    # Definitions sheet
    # ------------------------------------------------------------

    def _write_definitions_sheet(self, workbook, styles, kpis):
        sheet = workbook.add_worksheet(self.env._("Definitions"))
        labels = {
            name: self._selection_labels("crm.success.kpi", name)
            for name in ("perspective", "kind", "unit", "direction")
        }
        headers = [
            (self.env._("Code"), 24),
            (self.env._("KPI"), 30),
            (self.env._("Perspective"), 16),
            (self.env._("Kind"), 24),
            (self.env._("Unit"), 10),
            (self.env._("Direction"), 18),
            (self.env._("Definition"), 80),
        ]
        for col, (header, width) in enumerate(headers):
            sheet.set_column(col, col, width)
            sheet.write(0, col, header, styles["header"])
        for row, kpi in enumerate(kpis.sorted(lambda k: (k.perspective, k.code)), 1):
            sheet.write(row, 0, kpi.code)
            sheet.write(row, 1, kpi.name)
            for col, name in enumerate(("perspective", "kind", "unit", "direction"), 2):
                sheet.write(row, col, labels[name].get(kpi[name]))
            sheet.write(row, 6, kpi.description or "", styles["wrap"])
