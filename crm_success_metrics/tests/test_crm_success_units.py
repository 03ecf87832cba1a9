# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import date

from freezegun import freeze_time

from odoo.tests import Form, new_test_user, tagged

from .common_operations import CrmSuccessOperationsCase

NBSP = "\N{NO-BREAK SPACE}"


class UnitLinesCase(CrmSuccessOperationsCase):
    """A November 2026 scorecard of the ops company with one line per unit,
    written by hand: what is tested is how lines are printed, not measured."""

    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env = cls.env(context=dict(cls.env.context, lang="en_US"))
        Kpi = cls.env["crm.success.kpi"]
        cls.scorecard = cls.env["crm.success.scorecard"].create(
            {
                "company_id": cls.company.id,
                "period_type": "month",
                "date_from": date(2026, 11, 1),
                "date_to": date(2026, 11, 30),
            }
        )
        specs = {
            # unit: (KPI code, value, baseline, target, progress, status)
            "currency": ("sales_revenue", 35175.5, 30000.0, 33000.0, 172.6, "achieved"),
            "percent": ("abandonment_rate", 12.345, 20.0, 10.0, 76.55, "on_track"),
            "count": ("orders_count", 8.0, 2.3, 2.76, 1239.13, "achieved"),
            "seconds": ("avg_speed_of_answer", 300.0, 600.0, 240.0, 83.3, "at_risk"),
            "none": ("new_customers", None, 28.0, 33.6, None, "no_data"),
        }
        cls.lines = {}
        for unit, (code, value, baseline, target, progress, status) in specs.items():
            kpi = Kpi.search([("code", "=", code)])
            objective = cls._create_objective(cls.company, f"Units {unit}", kpi=kpi)
            cls.lines[unit] = cls.env["crm.success.scorecard.line"].create(
                {
                    "scorecard_id": cls.scorecard.id,
                    "objective_id": objective.id,
                    "kpi_id": kpi.id,
                    "value": value if value is not None else False,
                    "baseline_value": baseline,
                    "target_value": target,
                    "previous_year_value": 7.0 if unit == "count" else 0.0,
                    "previous_year_measured": unit == "count",
                    "progress_pct": progress if progress is not None else False,
                    "status": status,
                }
            )


@tagged("post_install", "-at_install")
class TestScorecardLineUnits(UnitLinesCase):
    def test_values_in_their_unit_with_the_period(self):
        lines = self.lines
        self.assertEqual(
            [
                lines["currency"].value_display,
                lines["currency"].baseline_display,
                lines["currency"].target_display,
            ],
            [f"${NBSP}35,175.50", f"${NBSP}30,000.00", f"${NBSP}33,000.00"],
        )
        self.assertEqual(lines["percent"].value_display, "12.3 %")
        # Counts without decimals; a target scaled to the month keeps one.
        self.assertEqual(
            [lines["count"].value_display, lines["count"].target_display],
            ["8", "2.8"],
        )
        self.assertEqual(lines["seconds"].value_display, "5 min")
        self.assertEqual(lines["seconds"].target_display, "4 min")
        self.assertEqual(lines["count"].period_name, "November 2026")

    def test_no_data_is_a_dash_never_zero(self):
        line = self.lines["none"]
        self.assertEqual(line.value_display, "—")
        self.assertEqual(line.progress_display, "—")
        self.assertFalse(line.progress_shown)
        # Its baseline and target are still those of the period.
        self.assertEqual(line.target_display, "33.6")
        # Last year shows only when it was measured.
        self.assertEqual(self.lines["currency"].previous_year_display, "—")
        self.assertEqual(self.lines["count"].previous_year_display, "7")

    def test_progress_is_bounded_with_words(self):
        count, currency = self.lines["count"], self.lines["currency"]
        # 1,239 % is kept exact, shown as 200 %+ "beyond target".
        self.assertAlmostEqual(count.progress_pct, 1239.13)
        self.assertEqual(count.progress_shown, 200.0)
        self.assertEqual(count.progress_display, "200 %+ (beyond target)")
        self.assertEqual(currency.progress_display, "173 % (beyond target)")
        self.assertEqual(self.lines["percent"].progress_display, "77 %")
        worse = count.copy({"progress_pct": -358.0, "status": "off_track"})
        self.assertEqual(worse.progress_shown, -100.0)
        self.assertEqual(worse.progress_display, "−100 %− (worse than baseline)")

    def test_displays_are_computed_without_a_query_per_line(self):
        # As a list view reads them: browsed by ids.
        Line = self.env["crm.success.scorecard.line"]
        five = Line.browse(self.scorecard.line_ids.ids)
        # Their copies in October's scorecard make ten lines.
        october = self.scorecard.copy(
            {"date_from": date(2026, 10, 1), "date_to": date(2026, 10, 31)}
        )
        ten = Line.browse(five.ids + five.copy({"scorecard_id": october.id}).ids)

        def queries_to_display(lines):
            self.env.flush_all()
            self.env.invalidate_all()
            before = self.cr.sql_log_count
            lines.mapped("value_display")
            lines.mapped("progress_display")
            lines.mapped("period_name")
            return self.cr.sql_log_count - before

        queries_to_display(five)  # fills the caches of languages and formats
        # Lines, companies, KPIs, currencies, scorecards: one query each,
        # whatever the number of lines.
        self.assertEqual(queries_to_display(five), 5)
        self.assertEqual(queries_to_display(ten), 5)

    def test_progress_is_averaged_never_summed(self):
        Line = self.env["crm.success.scorecard.line"]
        summed = [
            name
            for name, field in Line._fields.items()
            if field.type in ("float", "integer", "monetary")
            and field.aggregator == "sum"
        ]
        self.assertEqual(summed, [])
        fields_info = Line.fields_get(["progress_pct", "progress_shown"])
        self.assertFalse(fields_info["progress_pct"].get("aggregator"))
        self.assertEqual(fields_info["progress_shown"]["aggregator"], "avg")
        # Bounded progress 172.6, 76.55, 200 and 83.3 (no-data line left out):
        # (172.6 + 76.55 + 200 + 83.3) / 4 = 133.1125.
        # The views average the lines with data (default filter "With Data").
        [group] = Line.read_group(
            [
                ("scorecard_id", "=", self.scorecard.id),
                ("status", "not in", ("no_data", "error")),
            ],
            ["progress_shown"],
            ["scorecard_id"],
        )
        self.assertAlmostEqual(group["progress_shown"], 133.1125)


@tagged("post_install", "-at_install")
class TestScorecardPeriodType(CrmSuccessOperationsCase):
    @freeze_time("2026-12-15 12:00:00")
    def test_period_type_fills_the_latest_closed_period(self):
        form = Form(self.env["crm.success.scorecard"].with_user(self.manager))
        form.period_type = "month"
        self.assertEqual(
            (form.date_from, form.date_to), (date(2026, 11, 1), date(2026, 11, 30))
        )
        self.assertEqual(form.name, "November 2026")
        form.period_type = "quarter"
        self.assertEqual(
            (form.date_from, form.date_to), (date(2026, 7, 1), date(2026, 9, 30))
        )
        form.period_type = "year"
        self.assertEqual(
            (form.date_from, form.date_to), (date(2025, 1, 1), date(2025, 12, 31))
        )
        scorecard = form.save()
        self.assertEqual(scorecard.name, "2025")
        # A custom period keeps the dates typed.
        form = Form(scorecard)
        form.period_type = "custom"
        self.assertEqual(str(form.date_from), "2025-01-01")


@tagged("post_install", "-at_install")
class TestObjectiveDisplay(UnitLinesCase):
    def test_own_figures_labelled(self):
        revenue = self.lines["currency"].objective_id
        self.assertEqual(revenue.unit_label, "$")
        # The objective's own figures: 365 / 730 over 2025 (see the case).
        self.assertEqual(revenue.target_display, f"${NBSP}730.00")
        self.assertEqual(
            revenue.baseline_period_label,
            "12 months before go-live (01/01/2025 – 12/31/2025)",
        )
        self.assertIn("as long as the baseline period", revenue.target_scope)
        rate = self.lines["percent"].objective_id
        self.assertEqual(rate.unit_label, "%")
        self.assertIn("level to reach", rate.target_scope)

    @freeze_time("2026-12-15 12:00:00")
    def test_latest_closed_period(self):
        revenue = self.lines["currency"].objective_id
        # December, still open, does not replace November.
        self.env["crm.success.scorecard.line"].create(
            {
                "scorecard_id": self.env["crm.success.scorecard"]
                .create(
                    {
                        "company_id": self.company.id,
                        "period_type": "month",
                        "date_from": date(2026, 12, 1),
                        "date_to": date(2026, 12, 31),
                    }
                )
                .id,
                "objective_id": revenue.id,
                "kpi_id": revenue.kpi_id.id,
                "value": 1.0,
                "status": "off_track",
            }
        )
        revenue.invalidate_recordset()
        self.assertEqual(revenue.closed_line_id, self.lines["currency"])
        self.assertEqual(revenue.closed_period_name, "November 2026")
        self.assertEqual(revenue.closed_value_display, f"${NBSP}35,175.50")
        self.assertEqual(revenue.closed_target_display, f"${NBSP}33,000.00")
        self.assertEqual(revenue.closed_status, "achieved")
        # the noise rule of the dashboard cards: no test ran for an amount
        self.assertEqual(revenue.closed_status_note, "")


@tagged("post_install", "-at_install")
class TestScorecardMailUnits(UnitLinesCase):
    def test_mail_prints_units_and_period(self):
        template = self.env.ref("crm_success_metrics.mail_template_scorecard_locked")
        self.scorecard.success_index = 88.6
        values = template._generate_template(
            self.scorecard.ids, ("subject", "body_html")
        )[self.scorecard.id]
        self.assertEqual(values["subject"], "Success Ops Co: scorecard November 2026")
        body = values["body_html"]
        self.assertIn("November 2026", body)
        self.assertIn("89 %", body)
        self.assertIn(f"${NBSP}35,175.50", body)
        self.assertIn("12.3 %", body)
        self.assertIn("5 min", body)
        self.assertIn("200 %+ (beyond target)", body)
        # The no-data line: dashes for its value and progress, never 0.00 nor 0 %.
        [no_data_row] = [row for row in body.split("<tr") if "Units none" in row]
        self.assertEqual(no_data_row.count("—"), 2)
        self.assertIn("33.6", no_data_row)  # its target for the period
        self.assertNotIn("0.00", no_data_row)
        self.assertNotIn(">0 %", no_data_row)


@tagged("post_install", "-at_install")
class TestLinesReadableByUsers(UnitLinesCase):
    def test_user_reads_displays(self):
        user = new_test_user(
            self.env,
            login="success_units_reader",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        line = self.lines["currency"].with_user(user)
        self.assertEqual(line.value_display, f"${NBSP}35,175.50")
        self.assertEqual(line.objective_id.target_display, f"${NBSP}730.00")


@tagged("post_install", "-at_install")
class TestDigestSuccessIndex(UnitLinesCase):
    @freeze_time("2026-12-15 12:00:00")
    def test_index_in_percent_with_its_period(self):
        self.scorecard.success_index = 88.6
        digest = self.env["digest.digest"].create(
            {
                "name": "Units digest",
                "company_id": self.company.id,
                "kpi_crm_success_index": True,
            }
        )
        [kpi] = [
            kpi
            for kpi in digest._compute_kpis(self.company, self.manager)
            if kpi["kpi_name"] == "kpi_crm_success_index"
        ]
        # Not "88.60": a percentage, rounded, of the November scorecard.
        self.assertEqual(kpi["kpi_col1"]["value"], "89 %")
        self.assertEqual(kpi["kpi_col3"]["value"], "89 %")
        self.assertEqual(kpi["kpi_fullname"], "CRM Success Index (November 2026)")
