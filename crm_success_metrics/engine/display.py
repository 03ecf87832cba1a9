# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""How numbers of the scorecards are shown to people (pure Python, no Odoo).

The stored values stay exact; these rules decide only what a screen, the
XLSX or the mail prints. Words are left to the Odoo layer, which translates
them: the functions here return numbers, bands and date patterns.

>>> bounded_progress(2244.0)
(200.0, 'beyond_target')
>>> duration_parts(4500.0)
[(1, 'h'), (15, 'min')]
>>> from datetime import date
>>> period_patterns(date(2026, 7, 1), date(2026, 9, 30), "quarter")
[(datetime.date(2026, 7, 1), 'QQQ y')]
"""

import math
from datetime import timedelta

from .periods import period_bounds

# Progress is shown between these bounds: beyond them a percentage says
# nothing a person can use ("2,244 %"), the band says it better.
PROGRESS_FLOOR = -100.0
PROGRESS_CEILING = 200.0

WORSE_THAN_BASELINE = "worse_than_baseline"
TOWARD_TARGET = "toward_target"
TARGET_REACHED = "target_reached"
BEYOND_TARGET = "beyond_target"

DURATION_UNITS = (("d", 86400), ("h", 3600), ("min", 60), ("s", 1))

# Babel date patterns naming a period: "November 2026", "Q3 2026", "2026".
PERIOD_PATTERNS = {"month": "MMMM y", "quarter": "QQQ y", "year": "y"}
DAY_PATTERN = "d MMM y"


def bounded_progress(progress):
    """The progress to display and its band; ``(None, None)`` when unknown.

    The number is clamped to [PROGRESS_FLOOR, PROGRESS_CEILING]; the band
    tells where the value stands: worse than the baseline (below 0), on the
    way (0 to 100 excluded), at the target (exactly 100) or beyond it.

    >>> bounded_progress(-358.0)
    (-100.0, 'worse_than_baseline')
    >>> bounded_progress(80.0)
    (80.0, 'toward_target')
    >>> bounded_progress(100.0)
    (100.0, 'target_reached')
    >>> bounded_progress(150.0)
    (150.0, 'beyond_target')
    >>> bounded_progress(float("nan"))
    (None, None)
    """
    if progress is None or not math.isfinite(progress):
        return None, None
    shown = max(PROGRESS_FLOOR, min(PROGRESS_CEILING, progress))
    if progress < 0:
        band = WORSE_THAN_BASELINE
    elif progress < 100:
        band = TOWARD_TARGET
    elif progress == 100:
        band = TARGET_REACHED
    else:
        band = BEYOND_TARGET
    return shown, band


def progress_text(progress):
    """``"80 %"``, ``"200 %+"``, ``"−100 %−"``: the bounded progress as text
    (a trailing sign when it was clamped); ``""`` when unknown.

    >>> progress_text(2244.0), progress_text(-358.0), progress_text(79.6)
    ('200 %+', '−100 %−', '80 %')
    >>> progress_text(None)
    ''
    """
    shown, _band = bounded_progress(progress)
    if shown is None:
        return ""
    text = f"{round(shown):.0f} %".replace("-", "−")
    if progress > PROGRESS_CEILING:
        return text + "+"
    if progress < PROGRESS_FLOOR:
        return text + "−"
    return text


def count_decimals(value):
    """Decimals to show a count with: none for whole numbers, one for the
    fractions a period-scaled baseline or target has (2.8 customers a month).

    >>> count_decimals(12.0), count_decimals(2.8), count_decimals(2.0000001)
    (0, 1, 0)
    """
    return 0 if abs(value - round(value)) < 0.05 else 1


def duration_parts(seconds):
    """A duration as a person says it: its two largest units among d, h, min
    and s, trailing zeros left out, the rest dropped; zero is ``[(0, 's')]``.

    >>> duration_parts(42.4)
    [(42, 's')]
    >>> duration_parts(300.0)
    [(5, 'min')]
    >>> duration_parts(3599.0)
    [(59, 'min'), (59, 's')]
    >>> duration_parts(93600.0)
    [(1, 'd'), (2, 'h')]
    >>> duration_parts(0.2)
    [(0, 's')]
    """
    rest = round(abs(seconds))
    parts = []
    for name, size in DURATION_UNITS:
        amount, rest = divmod(rest, size)
        if amount or parts:
            parts.append((amount, name))
    parts = [part for part in parts[:2] if part[0]]
    return parts or [(0, "s")]


def duration_text(seconds):
    """``"1 h 15 min"``; ``""`` for None.

    >>> duration_text(4500.0), duration_text(None)
    ('1 h 15 min', '')
    """
    if seconds is None:
        return ""
    sign = "−" if seconds < 0 else ""
    return sign + " ".join(
        f"{amount} {name}" for amount, name in duration_parts(seconds)
    )


def period_patterns(date_from, date_to, period_type):
    """How to name a period: ``[(day, babel pattern)]``, one entry for a
    calendar month, quarter or year, two (first and last day) otherwise.

    >>> from datetime import date
    >>> period_patterns(date(2026, 11, 1), date(2026, 11, 30), "month")
    [(datetime.date(2026, 11, 1), 'MMMM y')]
    >>> period_patterns(date(2026, 11, 3), date(2026, 11, 30), "month")
    [(datetime.date(2026, 11, 3), 'd MMM y'), (datetime.date(2026, 11, 30), 'd MMM y')]
    """
    pattern = PERIOD_PATTERNS.get(period_type)
    if pattern and period_bounds(date_from, period_type) == (date_from, date_to):
        return [(date_from, pattern)]
    return [(date_from, DAY_PATTERN), (date_to, DAY_PATTERN)]


# Spreadsheet number formats (Excel syntax) of the KPI units. Durations are
# written as fractions of a day under a time format, so that they stay numbers
# a spreadsheet can add up; the other units keep their value.
SECONDS_PER_DAY = 86400.0
TIME_FORMATS = {"seconds": "[h]:mm:ss", "hours": "[h]:mm"}
TIME_DIVISORS = {"seconds": SECONDS_PER_DAY, "hours": 24.0}
PROGRESS_FORMAT = '0" %"'


def spreadsheet_cell(unit, value, symbol="", symbol_before=True, days_word="days"):
    """``(number, number format)`` to write a value of a KPI unit in a
    spreadsheet; ``(None, None)`` when there is no value.

    ``symbol`` and ``symbol_before``: the company currency's symbol and where
    it goes; ``days_word``: the translated word of the days unit. A negative
    duration (a change) cannot take a time format (spreadsheets show
    "#####"): it is returned as text, ``(text, None)``.

    >>> spreadsheet_cell("currency", 35175.5, "$")
    (35175.5, '"$"\\xa0#,##0.00')
    >>> spreadsheet_cell("currency", 1234.5, "€", symbol_before=False)
    (1234.5, '#,##0.00\\xa0"€"')
    >>> spreadsheet_cell("percent", 12.345)
    (12.345, '0.0" %"')
    >>> spreadsheet_cell("count", 12.0), spreadsheet_cell("count", 2.76)
    ((12.0, '#,##0'), (2.76, '#,##0.0'))
    >>> spreadsheet_cell("seconds", 300.0)
    (0.003472222222222222, '[h]:mm:ss')
    >>> spreadsheet_cell("hours", 36.0)
    (1.5, '[h]:mm')
    >>> spreadsheet_cell("seconds", -300.0)
    ('−5 min', None)
    >>> spreadsheet_cell("days", 10.5, days_word="jours")
    (10.5, '#,##0.0" jours"')
    >>> spreadsheet_cell("score", None)
    (None, None)
    """
    if value is None or value is False or not math.isfinite(value):
        return None, None
    if unit in TIME_FORMATS:
        if value < 0:
            seconds = value * 3600.0 if unit == "hours" else value
            return duration_text(seconds), None
        return value / TIME_DIVISORS[unit], TIME_FORMATS[unit]
    return value, spreadsheet_format(unit, value, symbol, symbol_before, days_word)


def spreadsheet_format(unit, value, symbol="", symbol_before=True, days_word="days"):
    """The number format of a (non-duration) value in its unit, see
    ``spreadsheet_cell``; ``value`` decides the decimals of a count.

    >>> spreadsheet_format("score", 42.0)
    '#,##0.0'
    """
    if unit == "currency":
        amount = "#,##0.00"
        quoted = '"{}"'.format(symbol.replace('"', ""))
        return (
            f"{quoted}\N{NO-BREAK SPACE}{amount}"
            if symbol_before
            else (f"{amount}\N{NO-BREAK SPACE}{quoted}")
        )
    if unit == "percent":
        return '0.0" %"'
    if unit == "count":
        return "#,##0" if count_decimals(value) == 0 else "#,##0.0"
    if unit == "days":
        return '#,##0.0" {}"'.format(days_word.replace('"', ""))
    return "#,##0.0"


def progress_wording_key(progress):
    """The band of a progress when the number alone could mislead: beyond
    the target or worse than the baseline; ``None`` on the way or at the
    target (the number says it all).

    >>> progress_wording_key(2244.0), progress_wording_key(-358.0)
    ('beyond_target', 'worse_than_baseline')
    >>> progress_wording_key(80.0), progress_wording_key(100.0)
    (None, None)
    """
    _shown, band = bounded_progress(progress)
    return band if band in (BEYOND_TARGET, WORSE_THAN_BASELINE) else None


def whole_months(date_from, date_to):
    """Number of months of the closed interval when it is whole months (1
    January – 31 December: 12), else ``None``.

    >>> from datetime import date
    >>> whole_months(date(2025, 1, 1), date(2025, 12, 31))
    12
    >>> whole_months(date(2025, 3, 15), date(2025, 4, 14))
    1
    >>> whole_months(date(2025, 1, 1), date(2025, 12, 30)) is None
    True
    """
    end = date_to + timedelta(days=1)
    months = (end.year - date_from.year) * 12 + end.month - date_from.month
    return months if end.day == date_from.day and months > 0 else None
