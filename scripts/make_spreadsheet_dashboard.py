"""Write the "CRM Success" dashboard of Odoo's Dashboards app.

Odoo 18 ships its dashboards as spreadsheet files (o-spreadsheet JSON) loaded
by small bridge modules; ``spreadsheet_dashboard_crm_success`` is ours. This
script writes its two files from the layout below, so that the dashboard is
reviewed as code rather than as 2,000 lines of JSON:

- ``crm_success_dashboard.json``: the live dashboard, its figures read from
  the scorecards (Odoo pivots and charts, filtered by the *Period* and
  *Trend* filters);
- ``crm_success_sample_dashboard.json``: the same layout with fixed sample
  figures, which Odoo shows while a database has no scorecard yet.

    .venv/bin/python scripts/make_spreadsheet_dashboard.py [--check]

``--check`` (run by ``make lint``) fails when the files are out of date.
"""

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FILES = ROOT / "spreadsheet_dashboard_crm_success" / "data" / "files"

SCORECARD = "crm.success.scorecard"
LINE = "crm.success.scorecard.line"
MENU = "crm_success_metrics.crm_success_scorecard_menu"
LINES_MENU = "crm_success_metrics.crm_success_scorecard_line_menu"
PARTNERS_MENU = "crm_lifecycle.crm_lifecycle_report_menu"
# The monthly scorecards measured and closed: one per company and month.
MONTHLY = [["period_type", "=", "month"], ["state", "in", ["done", "locked"]]]

# "Period": a year, quarter or month (this year by default) of the
# scorecards' first days, compared with the one before; "Trend": the
# scorecards that ended in the last 365 days, twelve months.
PERIOD_FILTER = {
    "id": "crm_success_period",
    "type": "date",
    "label": "Period",
    "defaultValue": "this_year",
    "rangeType": "fixedPeriod",
}
TREND_FILTER = {
    "id": "crm_success_trend",
    "type": "date",
    "label": "Trend",
    "defaultValue": "last_year",
    "rangeType": "relative",
}

# (title, scorecard field, sample value, sample previous value)
INDICES = [
    ("Success Index", "success_index", 68.4, 61.2),
    ("Financial", "success_index_financial", 72.0, 70.5),
    ("Customer", "success_index_customer", 64.3, 55.8),
    ("Internal Process", "success_index_process", 70.1, 66.0),
    ("People", "success_index_people", 58.9, 60.2),
]
# (title, KPI code, lower is better, sample value, sample previous value)
HEADLINE_KPIS = [
    ("Net Promoter Score", "nps", False, 32.0, 27.0),
    ("Complaints per 100 Orders", "complaints_per_100_orders", True, 2.1, 2.6),
]
# (title, KPI code, sample values of the twelve months)
TREND_KPIS = [
    (
        "Sales Revenue",
        "sales_revenue",
        [88, 92, 95, 90, 101, 98, 104, 110, 107, 115, 118, 121],
    ),
    (
        "New Customers",
        "new_customers",
        [31, 28, 35, 33, 38, 36, 41, 39, 44, 42, 47, 45],
    ),
    (
        "Customer Retention Rate (%)",
        "customer_retention_rate",
        [71, 72, 70, 73, 74, 74, 75, 76, 75, 77, 78, 78],
    ),
    ("Net Promoter Score", "nps", [18, 20, 19, 22, 24, 23, 25, 27, 26, 29, 30, 32]),
    (
        "Complaints per 100 Orders",
        "complaints_per_100_orders",
        [3.4, 3.3, 3.1, 3.2, 3.0, 2.9, 2.8, 2.8, 2.6, 2.5, 2.6, 2.1],
    ),
    (
        "Win Rate (%)",
        "win_rate",
        [41, 43, 42, 45, 44, 47, 48, 47, 50, 52, 51, 54],
    ),
]
STATUSES = [
    ("Achieved", "achieved", 4),
    ("On Track", "on_track", 6),
    ("At Risk", "at_risk", 3),
    ("Off Track", "off_track", 2),
    ("No Data", "no_data", 1),
]
STAGES = [
    ("Prospect", 420),
    ("New", 180),
    ("Repeat", 240),
    ("Loyal", 130),
    ("Advocate", 45),
    ("At Risk", 60),
    ("Churned", 90),
]
GREEN, RED = "#00A04A", "#DC6965"
STYLES = {
    "1": {"bold": True, "fontSize": 16, "textColor": "#01666b"},
    "2": {"bold": True, "fontSize": 12, "textColor": "#434343"},
}
# Number formats of the headline figures: indices and NPS in whole points,
# complaints per 100 orders with one decimal.
FORMATS = {"1": "0", "2": "0.0"}
WIDTH, CARD_W, CARD_H, CHART_W, CHART_H = 1000, 190, 110, 490, 300


def col(index):
    return "ABCDEFGHIJKLMNOPQRSTUVWXYZ"[index]


def t(text):
    """A cell showing a translatable text."""
    return {"content": f'=_t("{text}")'}


def link(text, menu):
    return {"content": f"[{text}](odoo://ir_menu_xml_id/{menu})"}


def matching(period_offset=None, trend=False):
    """How a data source follows the dashboard's filters: the period by the
    scorecards' first day, the trend by their last day."""
    found = {}
    if period_offset is not None:
        found[PERIOD_FILTER["id"]] = {
            "chain": "date_from",
            "type": "date",
            "offset": period_offset,
        }
    if trend:
        found[TREND_FILTER["id"]] = {"chain": "date_to", "type": "date", "offset": 0}
    return found


def pivot(pivot_id, model, measures, domain, name, fields):
    return {
        "type": "ODOO",
        "id": pivot_id,
        "formulaId": pivot_id,
        "name": name,
        "model": model,
        "domain": domain,
        "context": {},
        "measures": [{"id": m, "fieldName": m} for m in measures],
        "columns": [],
        "rows": [],
        "sortedColumn": None,
        "fieldMatching": fields,
    }


def scorecard(figure_id, x, y, width, title, key, baseline, lower_is_better=False):
    return {
        "id": figure_id,
        "x": x,
        "y": y,
        "width": width,
        "height": CARD_H,
        "tag": "chart",
        "data": {
            "type": "scorecard",
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": "#FFFFFF",
            "keyValue": key,
            "baseline": baseline,
            "baselineMode": "difference",
            "baselineDescr": "vs previous period",
            "baselineColorUp": RED if lower_is_better else GREEN,
            "baselineColorDown": GREEN if lower_is_better else RED,
            "humanize": False,
        },
    }


def odoo_chart(
    figure_id, x, y, kind, title, model, group_by, measure, domain, fields, **extra
):
    return {
        "id": figure_id,
        "x": x,
        "y": y,
        "width": CHART_W,
        "height": CHART_H,
        "tag": "chart",
        "data": {
            "type": f"odoo_{kind}",
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": "#FFFFFF",
            "legendPosition": "top" if kind == "pie" else "none",
            "metaData": {
                "groupBy": group_by,
                "measure": measure,
                "order": None,
                "resModel": model,
                "mode": kind,
            },
            "searchParams": {
                "comparison": None,
                "context": {},
                "domain": domain,
                "groupBy": group_by,
                "orderBy": [],
            },
            "fieldMatching": fields,
            **extra,
        },
    }


def sample_chart(figure_id, x, y, kind, title, labels, values):
    return {
        "id": figure_id,
        "x": x,
        "y": y,
        "width": CHART_W,
        "height": CHART_H,
        "tag": "chart",
        "data": {
            "type": kind,
            "title": {"text": title, "bold": True, "color": "#434343"},
            "background": "#FFFFFF",
            "legendPosition": "top" if kind == "pie" else "none",
            "dataSets": [{"dataRange": values}],
            "dataSetsHaveTitle": False,
            "labelRange": labels,
            "aggregated": False,
            "stacked": False,
        },
    }


def sheet(sheet_id, name, cells, figures, visible=True, styles=None, formats=None):
    return {
        "id": sheet_id,
        "name": name,
        "colNumber": 8,
        "rowNumber": 120,
        "rows": {},
        "cols": {str(i): {"size": 125} for i in range(8)},
        "merges": [],
        "cells": cells,
        "styles": styles or {},
        "formats": formats or {},
        "borders": {},
        "conditionalFormats": [],
        "figures": figures,
        "tables": [],
        "areGridLinesVisible": False,
        "isVisible": visible,
        "headerGroups": {"ROW": [], "COL": []},
        "dataValidationRules": [],
        "comments": {},
    }


def layout(sample):
    """The dashboard (or its sample) as a dict."""
    cells, data, figures, pivots, menus = {}, {}, [], {}, {}
    cells["A1"] = link("CRM Success: the monthly scorecards of the period", MENU)
    data["A1"], data["B1"], data["C1"] = t("Figure"), t("Period"), t("Previous period")
    headline = [
        (title, None, False, sample_now, sample_before, field)
        for title, field, sample_now, sample_before in INDICES
    ]
    headline += [
        (title, code, lower, now, before, "value")
        for title, code, lower, now, before in HEADLINE_KPIS
    ]
    for index, (title, code, lower, sample_now, sample_before, field) in enumerate(
        headline
    ):
        row = index + 2
        data[f"A{row}"] = t(title)
        if sample:
            data[f"B{row}"], data[f"C{row}"] = (
                {"content": str(sample_now)},
                {"content": str(sample_before)},
            )
        else:
            model = LINE if code else SCORECARD
            domain = [["kpi_id.code", "=", code], *MONTHLY] if code else MONTHLY
            for offset, column in ((0, "B"), (-1, "C")):
                pivot_id = str(len(pivots) + 1)
                pivots[pivot_id] = pivot(
                    pivot_id,
                    model,
                    [field],
                    domain,
                    f"{title} ({column})",
                    matching(offset),
                )
                data[f"{column}{row}"] = {
                    "content": f'=PIVOT.VALUE({pivot_id},"{field}")'
                }
        figure_id = f"crm_success_headline_{index}"
        # the indices on the first row, the KPIs (longer names) wider below
        indices = len(INDICES)
        width = CARD_W if index < indices else 2 * CARD_W
        x = (index if index < indices else index - indices) * (width + 12)
        y = 40 if index < indices else 40 + CARD_H + 12
        key, baseline = f"Data!B{row}", f"Data!C{row}"
        figures.append(scorecard(figure_id, x, y, width, title, key, baseline, lower))
        menus[figure_id] = LINES_MENU if code else MENU

    top = 40 + 2 * (CARD_H + 12) + 10
    if sample:
        for index, (label, _code, count) in enumerate(STATUSES):
            data[f"E{index + 2}"], data[f"F{index + 2}"] = (
                t(label),
                {"content": str(count)},
            )
        for index, (label, count) in enumerate(STAGES):
            data[f"G{index + 2}"], data[f"H{index + 2}"] = (
                t(label),
                {"content": str(count)},
            )
        figures.append(
            sample_chart(
                "crm_success_status",
                0,
                top,
                "pie",
                "Objectives by Status",
                f"Data!E2:E{len(STATUSES) + 1}",
                f"Data!F2:F{len(STATUSES) + 1}",
            )
        )
        figures.append(
            sample_chart(
                "crm_success_funnel",
                CHART_W + 20,
                top,
                "bar",
                "Customers by Lifecycle Stage",
                f"Data!G2:G{len(STAGES) + 1}",
                f"Data!H2:H{len(STAGES) + 1}",
            )
        )
    else:
        figures.append(
            odoo_chart(
                "crm_success_status",
                0,
                top,
                "pie",
                "Objectives by Status",
                LINE,
                ["status"],
                "__count",
                MONTHLY,
                matching(0),
            )
        )
        figures.append(
            odoo_chart(
                "crm_success_funnel",
                CHART_W + 20,
                top,
                "bar",
                "Customers by Lifecycle Stage",
                "res.partner",
                ["lifecycle_stage_id"],
                "__count",
                [["lifecycle_stage_id", "!=", False]],
                {},
                stacked=False,
                verticalAxisPosition="left",
            )
        )
    menus["crm_success_status"] = LINES_MENU
    menus["crm_success_funnel"] = PARTNERS_MENU

    trend_top = top + CHART_H + 60
    trend_row = trend_top // 23
    cells[f"A{trend_row}"] = {"content": "Trend: the last twelve monthly scorecards"}
    for index, (title, code, samples) in enumerate(TREND_KPIS):
        figure_id = f"crm_success_trend_{index}"
        x = (index % 2) * (CHART_W + 20)
        y = trend_top + 30 + (index // 2) * (CHART_H + 20)
        if sample:
            column = col(10 + index)
            data[f"J{1}"] = t("Month")
            for month in range(12):
                data[f"J{month + 2}"] = {"content": f"=EDATE(TODAY(),{month - 12})"}
                data[f"{column}{month + 2}"] = {"content": str(samples[month])}
            figures.append(
                sample_chart(
                    figure_id,
                    x,
                    y,
                    "line",
                    title,
                    "Data!J2:J13",
                    f"Data!{column}2:{column}13",
                )
            )
        else:
            domain = [["kpi_id.code", "=", code], *MONTHLY]
            figures.append(
                odoo_chart(
                    figure_id,
                    x,
                    y,
                    "line",
                    title,
                    LINE,
                    ["date_to:month"],
                    "value",
                    domain,
                    matching(trend=True),
                    stacked=False,
                    cumulative=False,
                    verticalAxisPosition="left",
                )
            )
        menus[figure_id] = LINES_MENU

    styles = {"A1": 1, f"A{trend_row}": 2}
    nps_row = len(INDICES) + 2  # the rows of HEADLINE_KPIS follow the indices
    formats = {
        f"B2:C{nps_row}": 1,
        f"B{nps_row + 1}:C{nps_row + 1}": 2,
    }
    return {
        "version": 21,
        "sheets": [
            sheet("crm_success_dashboard", "Dashboard", cells, figures, styles=styles),
            sheet("crm_success_data", "Data", data, [], visible=False, formats=formats),
        ],
        "styles": STYLES,
        "formats": FORMATS,
        "borders": {},
        "revisionId": "START_REVISION",
        "uniqueFigureIds": True,
        "settings": {
            "locale": {
                "name": "English (US)",
                "code": "en_US",
                "thousandsSeparator": ",",
                "decimalSeparator": ".",
                "dateFormat": "mm/dd/yyyy",
                "timeFormat": "hh:mm:ss",
                "formulaArgSeparator": ",",
                "weekStart": 7,
            }
        },
        "pivots": pivots,
        "pivotNextId": len(pivots) + 1,
        "customTableStyles": {},
        "odooVersion": 12,
        "globalFilters": [] if sample else [PERIOD_FILTER, TREND_FILTER],
        "lists": {},
        "listNextId": 1,
        "chartOdooMenusReferences": {} if sample else menus,
    }


def main():
    check = "--check" in sys.argv
    stale = []
    for name, sample in (
        ("crm_success_dashboard.json", False),
        ("crm_success_sample_dashboard.json", True),
    ):
        path = FILES / name
        text = json.dumps(layout(sample), indent=4, ensure_ascii=False) + "\n"
        if check:
            if not path.exists() or path.read_text() != text:
                stale.append(str(path.relative_to(ROOT)))
        else:
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text)
    if stale:
        sys.exit(
            "spreadsheet dashboard out of date (run `make spreadsheet`): "
            + ", ".join(stale)
        )


if __name__ == "__main__":
    main()
