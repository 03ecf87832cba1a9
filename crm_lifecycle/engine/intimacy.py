"""Customer intimacy reminders: when a birthday, a reorder or a win-back is due.

Pure Python, no Odoo import::

    >>> from datetime import date
    >>> next_birthday(date(1990, 2, 28), date(2026, 3, 1))
    datetime.date(2027, 2, 28)
    >>> next_birthday(date(1992, 2, 29), date(2026, 2, 1))
    datetime.date(2026, 2, 28)
"""

import calendar
from datetime import date, timedelta

REMINDER_LEAD_DAYS = 7


def anniversary(birthday, year):
    """The birthday in ``year``; 29 February falls on the 28th in common years."""
    day = birthday.day
    if birthday.month == 2 and day == 29 and not calendar.isleap(year):
        day = 28
    return date(year, birthday.month, day)


def next_birthday(birthday, today):
    """The next birthday on or after ``today``."""
    this_year = anniversary(birthday, today.year)
    return this_year if this_year >= today else anniversary(birthday, today.year + 1)


def birthday_reminder_date(birthday, today, lead_days=REMINDER_LEAD_DAYS):
    """The coming birthday if it is at most ``lead_days`` away, else None."""
    if not birthday:
        return None
    coming = next_birthday(birthday, today)
    return coming if coming - today <= timedelta(days=lead_days) else None


def reorder_due(next_expected, today, lead_days=REMINDER_LEAD_DAYS):
    """True when the next expected purchase is at most ``lead_days`` away or passed."""
    return bool(next_expected) and next_expected - today <= timedelta(days=lead_days)


def winback_reminder_date(churned_on, delay_days, today, lead_days=REMINDER_LEAD_DAYS):
    """The day a win-back call is due, ``delay_days`` after the customer
    churned on ``churned_on``, when it is at most ``lead_days`` away or at
    most ``lead_days`` past; else None.

    The past bound keeps the reminder about a customer just lost: customers
    who churned long ago (before the reminder was turned on or the module
    installed) are not raised as months-old overdue activities, and a daily
    run that missed a few days still raises it.
    """
    if not churned_on:
        return None
    due = churned_on + timedelta(days=delay_days)
    return due if abs((due - today).days) <= lead_days else None
