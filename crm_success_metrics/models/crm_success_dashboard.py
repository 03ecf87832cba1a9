# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from odoo import api, models
from odoo.exceptions import AccessError
from odoo.tools.misc import format_date, formatLang

from ..engine import display, noise, periods
from .crm_success_scorecard import PERSPECTIVES

# Periods of the headline trend and of the card sparklines; of the objective chart.
TREND_LENGTH = 12
CHART_LENGTH = 24
# Closed scorecards (or lines) read to find the latest period and its run:
# sixteen years of months, whatever the number of objectives.
HISTORY_LIMIT = 200
# Axis labels of the charts, shorter than the period names of the texts.
AXIS_PATTERNS = {"month": "MMM yy", "quarter": "QQQ yy", "year": "y"}
# Bootstrap colour of each status (badges, progress bars).
STATUS_TONES = {
    "achieved": "success",
    "on_track": "info",
    "at_risk": "warning",
    "off_track": "danger",
    "error": "danger",
    "no_data": "secondary",
}
UNMEASURED = ("no_data", "error")
# What the dashboard reads of the scorecard lines.
LINE_FIELDS = [
    "scorecard_id",
    "objective_id",
    "date_from",
    "date_to",
    "perspective",
    "value",
    "baseline_value",
    "target_value",
    "progress_pct",
    "status",
    "significance_tested",
    "significant",
    "tradeoff_warning",
]


class CrmSuccessDashboard(models.AbstractModel):
    """The data of the success dashboard and of the objective chart.

    Read-only (``@api.readonly``: a deployment with ``--db_replica_host``
    serves them from the replica), as the user: access rights and record rules
    apply. Values are formatted here, in the KPI's unit
    (``crm.success.kpi._format_value``), and sent with the raw numbers the
    charts draw. A pinned number of queries, whatever the number of
    objectives (see the tests).
    """

    _name = "crm.success.dashboard"
    _description = "CRM Success Dashboard"

    # ------------------------------------------------------------------
    # DASHBOARD
    # ------------------------------------------------------------------

    @api.readonly
    @api.model
    def get_dashboard_data(self, company_id=None):
        """Headline and cards of ``company_id`` (one of the allowed companies;
        by default the current one) for its latest closed period."""
        company = self._dashboard_company(company_id)
        self.env["crm.success.scorecard"].check_access("read")
        objectives = self.env["crm.success.objective"].search_fetch(
            [("company_id", "=", company.id)], ["name", "kpi_id", "perspective"]
        )
        scorecards = self._closed_scorecards(company)
        data = {
            "can_create": self.env["crm.success.objective"].has_access("create"),
            "headline": False,
            "cards": [],
            "objective_count": len(objectives),
        }
        if not scorecards:
            return data
        latest = self._latest(scorecards)
        run = periods.period_run(
            latest.date_from, latest.date_to, latest.period_type, TREND_LENGTH
        )
        by_period = {(s.date_from, s.date_to): s for s in scorecards}
        last_year_period = periods.same_period_last_year(*run[-1], latest.period_type)
        last_year = by_period.get(last_year_period)
        run_scorecards = self.env["crm.success.scorecard"].union(
            *filter(None, [by_period.get(period) for period in run] + [last_year])
        )
        lines = self.env["crm.success.scorecard.line"].search_fetch(
            [("scorecard_id", "in", run_scorecards.ids)], LINE_FIELDS
        )
        named_run = self._named_run(run, latest.period_type)
        data["headline"] = self._headline(
            named_run, by_period, last_year_period, lines, latest
        )
        lines_by_period = {
            (line.objective_id.id, line.date_from, line.date_to): line for line in lines
        }
        format_value = self._value_formatter(company.currency_id)
        data["cards"] = [
            self._card(objective, named_run, lines_by_period, format_value)
            for objective in objectives
        ]
        return data

    def _dashboard_company(self, company_id):
        """The company asked for, if the user works in it now."""
        if not company_id:
            return self.env.company
        company = self.env["res.company"].browse(company_id)
        if company not in self.env.companies:
            raise AccessError(
                self.env._("You have no access to the company %s.", company.sudo().name)
            )
        return company

    def _closed_scorecards(self, company):
        """The computed scorecards of ``company`` whose period has ended in its
        time zone, latest first (one query)."""
        return self.env["crm.success.scorecard"].search_fetch(
            [
                ("company_id", "=", company.id),
                ("state", "in", ("done", "locked")),
                ("date_to", "<", company._lifecycle_today()),
            ],
            [
                "name",
                "period_type",
                "date_from",
                "date_to",
                "success_index",
                *(f"success_index_{perspective}" for perspective in PERSPECTIVES),
            ],
            order="date_to desc, id desc",
            limit=HISTORY_LIMIT,
        )

    @api.model
    def _latest(self, records):
        """The latest monthly record (scorecard or line, latest first), or the
        latest of any periodicity when there is no monthly one."""
        return next((r for r in records if r.period_type == "month"), records[0])

    def _headline(self, named_run, by_period, last_year_period, lines, latest):
        """The success index of the latest closed period, its changes, the four
        perspective indices and the trend of the index over the run."""
        run, names = named_run["run"], named_run["names"]
        measured = {
            (line.scorecard_id.id, line.perspective)
            for line in lines
            if line.status not in UNMEASURED
        }
        measured_ids = {scorecard_id for scorecard_id, _perspective in measured}

        def index(scorecard):
            # a scorecard without any measured line stores 0: it has no index
            if scorecard and scorecard.id in measured_ids:
                return scorecard.success_index
            return None

        current = index(latest)
        # formatted in the user's language (the stored name is the creator's)
        Kpi = self.env["crm.success.kpi"]
        period_name = Kpi._format_period(
            latest.date_from, latest.date_to, latest.period_type
        )
        last_year_name = Kpi._format_period(*last_year_period, latest.period_type)
        labels = self.env["crm.success.kpi"]._fields["perspective"]
        labels = dict(labels._description_selection(self.env))
        return {
            "scorecard_id": latest.id,
            "period": period_name,
            "index": current,
            "index_text": self._percent_text(current),
            "vs_previous": len(run) > 1
            and self._index_change(current, index(by_period.get(run[-2])), names[-2]),
            "vs_last_year": self._index_change(
                current, index(by_period.get(last_year_period)), last_year_name
            ),
            "perspectives": [
                {
                    "key": perspective,
                    "label": labels[perspective],
                    "text": self._percent_text(
                        latest[f"success_index_{perspective}"]
                        if (latest.id, perspective) in measured
                        else None
                    ),
                }
                for perspective in PERSPECTIVES
            ],
            "trend": self._series(
                named_run, values=[index(by_period.get(p)) for p in run]
            ),
        }

    def _index_change(self, index, other_index, other_name):
        """Change of the index in points against the index of the period
        ``other_name``; said so when that period has no index."""
        if index is None:
            return False
        if other_index is None:
            return {
                "change": None,
                "text": self.env._("No index for %s", other_name),
                "tone": "none",
            }
        change = index - other_index
        return {
            "change": change,
            "text": self.env._(
                "%(change)s pts vs %(period)s",
                change=("+" if change >= 0 else "−")
                + formatLang(self.env, abs(change), digits=0),
                period=other_name,
            ),
            "tone": "good" if change > 0 else "bad" if change < 0 else "neutral",
        }

    def _card(self, objective, named_run, lines_by_period, format_value):
        """One objective in the latest closed period: its line's value,
        baseline and target (on the period's scale), progress, status and
        trend, and the sparkline of its value against its target."""
        kpi, run = objective.kpi_id, named_run["run"]
        history = [lines_by_period.get((objective.id, *period)) for period in run]
        values = [
            line.value if line and line.status not in UNMEASURED else None
            for line in history
        ]
        targets = [line.target_value if line else None for line in history]
        line = history[-1]
        recent = slice(-(noise.TREND_PERIODS + 1), None)
        card = {
            "id": objective.id,
            "name": objective.name,
            "kpi": kpi.name,
            "is_ratio": kpi.kind == "ratio",
            "period": named_run["names"][-1],
            "line_id": line.id if line else False,
            "value": format_value(kpi, values[-1]),
            "baseline": format_value(kpi, line.baseline_value) if line else "—",
            "target": format_value(kpi, line.target_value) if line else "—",
            "progress": self._progress(line, values[-1]),
            "tradeoff": (line.tradeoff_warning or "") if line else "",
            "trend_marks": self.env["crm.success.scorecard.line"]._trend_marks_display(
                run[recent],
                values[recent],
                kpi.direction,
                named_run["type"],
                period_names=named_run["names"][recent],
            ),
            "sparkline": self._series(
                named_run,
                values=values,
                value_texts=[format_value(kpi, value) for value in values],
                targets=targets,
                target_texts=[format_value(kpi, target) for target in targets],
            ),
        }
        card.update(self._status(line))
        return card

    def _progress(self, line, value):
        """Progress bounded for display, with its band in words."""
        progress = line.progress_pct if line and value is not None else None
        shown, band = display.bounded_progress(progress)
        return {
            "shown": shown,
            "text": display.progress_text(progress),
            "band": band or "",
            # the wording of the scorecard screens: only where the number misleads
            "band_label": self.env["crm.success.kpi"]
            ._progress_wordings()
            .get(display.progress_wording_key(progress), ""),
        }

    def _status(self, line):
        """The headline status of a line (noise considered) and its words."""
        if not line:
            return {
                "status": "none",
                "status_label": self.env._("Not measured"),
                "tone": "secondary",
                "qualifier": "",
            }
        status, _qualifier = noise.headline_status(
            line.status, line.significance_tested, line.significant
        )
        labels = dict(line._fields["status"]._description_selection(self.env))
        return {
            "status": status,
            "status_label": labels[status],
            "tone": STATUS_TONES[status],
            "qualifier": line.status_note,
        }

    # ------------------------------------------------------------------
    # OBJECTIVE CHART
    # ------------------------------------------------------------------

    @api.readonly
    @api.model
    def get_objective_chart_data(self, objective_id):
        """The value of an objective per closed period (the last 24 of its
        latest periodicity, monthly if any) with its baseline and target on
        each period's scale: the goal lines of the objective chart."""
        objective = self.env["crm.success.objective"].browse(objective_id).exists()
        if not objective:
            return {"periods": []}
        objective.check_access("read")
        today = objective.company_id._lifecycle_today()
        lines = self.env["crm.success.scorecard.line"].search_fetch(
            [
                ("objective_id", "=", objective.id),
                ("scorecard_id.state", "in", ("done", "locked")),
                ("date_to", "<", today),
            ],
            ["period_type", "date_from", "date_to", "value", "status"]
            + ["baseline_value", "target_value"],
            order="date_to desc, id desc",
            limit=HISTORY_LIMIT,
        )
        if not lines:
            return {"periods": []}
        latest = self._latest(lines)
        run = periods.period_run(
            latest.date_from, latest.date_to, latest.period_type, CHART_LENGTH
        )
        by_period = {(line.date_from, line.date_to): line for line in lines}
        history = [by_period.get(period) for period in run]
        kpi, currency = objective.kpi_id, objective.company_id.currency_id
        format_value = self._value_formatter(currency)
        series = {}
        for key, field_name in (
            ("values", "value"),
            ("baselines", "baseline_value"),
            ("targets", "target_value"),
        ):
            numbers = [
                line[field_name]
                if line and (key != "values" or line.status not in UNMEASURED)
                else None
                for line in history
            ]
            series[key] = numbers
            series[f"{key[:-1]}_texts"] = [
                format_value(kpi, number) for number in numbers
            ]
        return dict(
            self._series(self._named_run(run, latest.period_type), **series),
            unit=kpi.unit,
            currency_symbol=currency.symbol,
            currency_position=currency.position,
        )

    # ------------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------------

    def _percent_text(self, number):
        if number is None:
            return "—"
        return self.env._(
            "%(number)s %%", number=formatLang(self.env, number, digits=0)
        )

    def _named_run(self, run, period_type):
        """A run of periods with their names and axis labels, formatted once
        for the headline and every card."""
        names = [
            self.env["crm.success.kpi"]._format_period(*period, period_type)
            for period in run
        ]
        pattern = AXIS_PATTERNS.get(period_type)
        labels = (
            [format_date(self.env, day, date_format=pattern) for day, _to in run]
            if pattern and len(run) > 1
            else names
        )
        return {"run": run, "type": period_type, "names": names, "labels": labels}

    def _series(self, named_run, **series):
        """Series over a named run with their axis labels and period names,
        from the first period with a value (``series["values"]``): a chart
        does not start with empty periods."""
        start = next(
            (i for i, value in enumerate(series["values"]) if value is not None),
            len(named_run["run"]) - 1,
        )
        return {
            "labels": named_run["labels"][start:],
            "periods": named_run["names"][start:],
            **{key: values[start:] for key, values in series.items()},
        }

    @api.model
    def _value_formatter(self, currency):
        """``crm.success.kpi._format_value`` remembering what it printed:
        baselines and targets repeat from period to period, and printing a
        number costs more than reading it."""
        printed = {}

        def format_value(kpi, value):
            key = (kpi.id, value)
            if key not in printed:
                printed[key] = kpi._format_value(value, currency)
            return printed[key]

        return format_value
