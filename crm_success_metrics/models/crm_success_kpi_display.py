# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import math

from odoo import api, models
from odoo.tools.misc import format_amount, format_date, formatLang

from ..engine import display


class CrmSuccessKpi(models.Model):
    """How a KPI's values and periods are printed, in the user's language, the
    same on every screen, in the XLSX and in the mail (rules in
    ``engine/display.py``)."""

    _inherit = "crm.success.kpi"

    def _format_value(self, value, currency):
        """``value`` in this KPI's unit: "$35,175.50", "12.5 %", "12", "5 min",
        "4.5 days"; "—" when there is no value. ``currency``: the company's."""
        self.ensure_one()
        if value is None or value is False or not math.isfinite(value):
            return "—"
        if self.unit == "currency":
            return format_amount(self.env, value, currency)
        if self.unit == "percent":
            return self.env._(
                "%(number)s %%", number=formatLang(self.env, value, digits=1)
            )
        if self.unit == "count":
            return formatLang(self.env, value, digits=display.count_decimals(value))
        if self.unit in ("seconds", "hours"):
            seconds = value * 3600.0 if self.unit == "hours" else value
            return display.duration_text(seconds)
        if self.unit == "days":
            return self.env._(
                "%(number)s days", number=formatLang(self.env, value, digits=1)
            )
        return formatLang(self.env, value, digits=1)

    @api.model
    def _format_progress(self, progress):
        """Progress as people read it: "80 %", "200 %+ (beyond target)",
        "−100 %− (worse than baseline)"; "—" when unknown (the exact value
        stays stored, see ``engine/display.py``)."""
        text = display.progress_text(progress)
        if not text:
            return "—"
        wording = self._progress_wordings().get(display.progress_wording_key(progress))
        if wording:
            return self.env._("%(progress)s (%(band)s)", progress=text, band=wording)
        return text

    @api.model
    def _progress_wordings(self):
        return {
            display.BEYOND_TARGET: self.env._("beyond target"),
            display.WORSE_THAN_BASELINE: self.env._("worse than baseline"),
        }

    def _spreadsheet_cell(self, value, currency):
        """``(number, Excel number format)`` of ``value`` in this KPI's unit
        (a negative duration: ``(text, None)``); ``(None, None)`` without value."""
        self.ensure_one()
        return display.spreadsheet_cell(
            self.unit,
            value if value is not False else None,
            symbol=currency.symbol or currency.name,
            symbol_before=currency.position == "before",
            days_word=self.env._("days"),
        )

    @api.model
    def _format_period(self, date_from, date_to, period_type):
        """The period as a person names it: "November 2026", "Q3 2026", "2026",
        or "3 Nov 2026 – 2 Dec 2026" for another span."""
        patterns = display.period_patterns(date_from, date_to, period_type)
        return " – ".join(
            format_date(self.env, day, date_format=pattern) for day, pattern in patterns
        )
