# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""SQL building blocks shared by the built-in KPI methods."""

from odoo import fields
from odoo.tools import SQL

from odoo.addons.crm_lifecycle.engine.days import utc_bounds
from odoo.addons.crm_lifecycle.report.crm_lifecycle_purchase import ORDER_COLUMNS


def datetime_bounds(date_from, date_to, company):
    """Half-open UTC datetime interval ``[start, end)`` of the period's days in
    the company's time zone: from midnight of ``date_from`` to midnight after
    ``date_to`` there (``res.company._lifecycle_tz``, UTC when unset).
    Filter a datetime column with ``column >= start AND column < end``."""
    return utc_bounds(date_from, date_to, company._lifecycle_tz())


def period_rows(periods, company):
    """SQL rows ``(idx, date_from, date_to, start_at, end_at)`` of ``periods``
    (a list of ``(date_from, date_to)``): the index of the period in the list,
    its days, and the UTC bounds of :func:`datetime_bounds`.

    A query measuring several periods in one pass joins its table to these
    rows (``JOIN (%s) period ON column >= period.start_at AND column <
    period.end_at``), restricts the table's rows with :func:`in_periods` and
    groups by ``period.idx``; :func:`rows_by_period` reads the result. A row
    in two periods counts in both.
    """
    rows = []
    for idx, (date_from, date_to) in enumerate(periods):
        start, end = datetime_bounds(date_from, date_to, company)
        rows.append(
            SQL(
                "(%s, %s::date, %s::date, %s::timestamp, %s::timestamp)",
                idx,
                date_from,
                date_to,
                start,
                end,
            )
        )
    return SQL(
        "SELECT * FROM (VALUES %s) period(idx, date_from, date_to, start_at, end_at)",
        SQL(", ").join(rows),
    )


def in_periods(column, periods, company, days=False):
    """SQL condition: the datetime ``column`` (SQL) falls in one of the
    ``periods`` (see :func:`datetime_bounds`); with ``days``, the date
    ``column`` falls on one of their days.

    The join on :func:`period_rows` says which period a row belongs to, but
    PostgreSQL cannot read an index by the values of a join: the bounds
    written as constants let it read only the periods' ranges of the
    column's index (one range per period, ORed in a bitmap)."""
    if days:
        ranges = (
            SQL("%s BETWEEN %s AND %s", column, date_from, date_to)
            for date_from, date_to in periods
        )
    else:
        ranges = (
            SQL("(%s >= %s AND %s < %s)", column, start, column, end)
            for start, end in (
                datetime_bounds(date_from, date_to, company)
                for date_from, date_to in periods
            )
        )
    return SQL("(%s)", SQL(" OR ").join(ranges))


def rows_by_period(env, query, periods, keys):
    """Run ``query``, grouped by period (its first column: ``period.idx`` of
    :func:`period_rows`, then one column per name of ``keys``), and return
    ``{period: {key: value}}``. A period without rows gets zeros: write the
    query's aggregates so that they give 0 on no rows (``COUNT``,
    ``COALESCE(SUM(...), 0)``)."""
    env.cr.execute(query)
    found = {row[0]: row[1:] for row in env.cr.fetchall()}
    empty = (0,) * len(keys)
    return {
        period: dict(zip(keys, found.get(idx, empty), strict=True))
        for idx, period in enumerate(periods)
    }


def flush_sales(env):
    """Flush what the KPIs reading sale orders directly read."""
    env["sale.order"].flush_model(ORDER_COLUMNS)
    env["res.partner"].flush_model(["commercial_partner_id"])


def referred(partner_alias, channel_alias):
    """SQL condition: the commercial partner has a referrer or a referral channel.

    The caller LEFT JOINs ``crm_acquisition_channel`` as ``channel_alias`` on the
    partner's ``acquisition_channel_id`` (a join, not a subquery per row).
    """
    return SQL(
        "(%(partner)s.referred_by_id IS NOT NULL"
        " OR COALESCE(%(channel)s.is_referral, FALSE))",
        partner=SQL.identifier(partner_alias),
        channel=SQL.identifier(channel_alias),
    )


def completed_answers(env, questions):
    """SQL rows (user_input_id, question_id, partner_id, end_datetime, value)
    of the completed, not skipped answers to the scale ``questions`` (one or
    several); flushes first. The survey KPIs and the lifecycle's promoter
    evidence both use it."""
    env["survey.user_input.line"].flush_model()
    env["survey.user_input"].flush_model(["partner_id", "state", "end_datetime"])
    return SQL(
        """
        SELECT answer.id AS user_input_id, line.question_id, answer.partner_id,
               answer.end_datetime, line.value_scale AS value
          FROM survey_user_input_line line
          JOIN survey_user_input answer ON answer.id = line.user_input_id
         WHERE line.question_id = ANY(%s)
           AND NOT COALESCE(line.skipped, FALSE)
           AND answer.state = 'done'
        """,
        questions.ids,
    )


def datetime_domain(field_name, date_from, date_to, company):
    """Domain: the datetime field falls in the period's days in the company's
    time zone (the bounds of :func:`datetime_bounds`, as strings)."""
    start, end = (
        fields.Datetime.to_string(bound)
        for bound in datetime_bounds(date_from, date_to, company)
    )
    return [(field_name, ">=", start), (field_name, "<", end)]


def date_domain(field_name, date_from, date_to):
    """Domain: the date field falls on one of the period's days."""
    return [
        (field_name, ">=", fields.Date.to_string(date_from)),
        (field_name, "<=", fields.Date.to_string(date_to)),
    ]


def ids_domain(env, query):
    """Domain of the records whose ids ``query`` (SQL) selects: for the
    record sets the KPIs find with SQL, which a domain cannot say; one query."""
    env.cr.execute(query)
    return [("id", "in", sorted({row[0] for row in env.cr.fetchall()}))]
