# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import _, api, models
from odoo.tools import SQL

from ..engine import intimacy, portfolio
from ..engine.collector import cyclic_gc_paused
from ..engine.lifecycle import CHURNED
from ..engine.portfolio import PaymentFigures, QualityFigures, RfmFigures
from ..tools import jit_off
from .crm_lifecycle_recompute import FigureRows

# Portfolio analysis (RFM over a year, payment behaviour over two years).
RFM_WINDOW_DAYS = 365
PAYMENT_WINDOW_DAYS = 730


class CrmLifecyclePortfolio(models.AbstractModel):
    """The portfolio analysis of the commercial partners (RFM scores and
    Pareto class, payment behaviour, data quality) and the salespeople's
    reminders. Figures are written with the recompute's bulk writer
    (``crm.lifecycle.recompute._write_figures``), all three kinds at once.

    The daily cron refreshes every customer (``_refresh()``); recomputing
    some customers (``res.partner._lifecycle_refresh``) refreshes theirs
    (``_refresh(partner_ids)``). RFM quintiles, Pareto classes and
    duplicates are relative to the portfolio: customers refreshed alone are
    ranked against the other customers' figures of the last full refresh
    (``_rank_rfm``) and checked for duplicates against all partners; only
    their rows are written, the others keep their figures until the next
    daily refresh.

    Private: the entry points are ``res.partner._lifecycle_refresh_portfolio``
    and ``res.partner._cron_lifecycle_daily``.
    """

    _name = "crm.lifecycle.portfolio"
    _description = "Customer Portfolio Analysis"

    @api.model
    def _refresh(self, partner_ids=None):
        """Refresh RFM/Pareto, payment behaviour and data quality of the
        commercial partners ``partner_ids`` (None: all)."""
        self.env.flush_all()
        companies = self.env["res.company"]._lifecycle_companies()
        settings = companies._lifecycle_settings()
        # all customers' rows are allocated by the hundred thousand
        with jit_off(self.env.cr), cyclic_gc_paused():
            # one write for the three: each rewrites every customer's row
            self.env["crm.lifecycle.recompute"]._write_figures(
                self._rfm_figures(partner_ids, companies, settings),
                self._payment_figures(partner_ids, companies, settings),
                self._quality_figures(partner_ids),
            )

    def _rfm_figures(self, partner_ids, companies, settings):
        """RFM quintiles and Pareto class over the 365 days before today
        (``FigureRows`` emptying the other partners' in scope).

        Scored among the commercial partners with at least one purchase (as
        the lifecycle counts them) in the window; ties are broken by partner
        id so that NTILE is deterministic. Revenue is compared in the
        lifecycle currency (see ``res.company._lifecycle_settings``).

        All partners: one query ranks them all. Some partners: their own
        window is read, then ranked against the figures the other customers
        got at their last refresh (``_rank_rfm``): two small queries instead
        of the whole portfolio's window.
        """
        window = self._rfm_window(partner_ids, companies, settings)
        if partner_ids is None:
            rows = self._rank_rfm_portfolio(window)
        else:
            rows = self._rank_rfm(window, partner_ids)
        return FigureRows(
            RfmFigures,
            [
                RfmFigures(
                    row["partner_id"],
                    row["recency"],
                    row["frequency_score"],
                    row["monetary"],
                    portfolio.rfm_segment(row["recency"], row["frequency_score"]),
                    row["pareto_class"],
                    row["frequency"],
                    float(row["revenue"] or 0.0),
                )
                for row in rows
            ],
            clear=True,
            company_ids=list(settings),
            partner_ids=partner_ids,
        )

    def _rfm_window(self, partner_ids, companies, settings):
        """SQL rows (partner_id, last_date, frequency, revenue) of the
        partners (None: all) with a purchase in the RFM window."""
        today = self.env["res.company"]._lifecycle_run_day()
        return SQL(
            """
            SELECT purchase.partner_id,
                   MAX(purchase.day) FILTER (WHERE purchase.is_purchase) AS last_date,
                   COUNT(*) FILTER (WHERE purchase.is_purchase) AS frequency,
                   SUM(purchase.lifecycle_amount) AS revenue
              FROM (%(purchases)s) purchase
             WHERE purchase.day >= %(start)s AND purchase.day <= %(today)s
               AND (%(all)s OR purchase.partner_id = ANY(%(partner_ids)s))
          GROUP BY purchase.partner_id
            HAVING bool_or(purchase.is_purchase)
            """,
            purchases=self.env["crm.lifecycle.recompute"]._converted_purchases(
                companies, settings
            ),
            start=today - timedelta(days=RFM_WINDOW_DAYS),
            today=today,
            all=partner_ids is None,
            partner_ids=partner_ids or [],
        )

    def _rank_rfm_portfolio(self, window):
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT w.*,
                       NTILE(5) OVER (ORDER BY last_date, partner_id) AS recency,
                       NTILE(5) OVER (ORDER BY frequency, partner_id)
                           AS frequency_score,
                       NTILE(5) OVER (ORDER BY revenue, partner_id) AS monetary
                  FROM (%s) w
                """,
                window,
            )
        )
        classes = portfolio.pareto_classes(
            {row["partner_id"]: row["revenue"] for row in rows}
        )
        for row in rows:
            row["pareto_class"] = classes[row["partner_id"]]
        return rows

    def _rank_rfm(self, window, partner_ids):
        """Rank the partners' window (``window``, restricted to them) among
        the stored figures of the other scored customers and themselves:
        each one's position in the three orders of the full refresh and the
        revenue of the customers ranked before it."""
        rows = self.env.execute_query_dict(
            SQL(
                """
                WITH own AS (%(window)s),
                pool AS (
                    -- the last purchase is the lifecycle's, within the window
                    SELECT id AS partner_id,
                           LEAST(last_order_date, %(today)s) AS last_date,
                           rfm_purchase_count AS frequency, rfm_revenue AS revenue
                      FROM res_partner
                     WHERE id = commercial_partner_id
                       AND rfm_purchase_count IS NOT NULL
                       AND NOT id = ANY(%(partner_ids)s)
                 UNION ALL
                    SELECT partner_id, last_date, frequency, revenue FROM own
                )
                SELECT own.*, COUNT(*) AS count,
                       COUNT(*) FILTER (WHERE (p.last_date, p.partner_id)
                                              < (own.last_date, own.partner_id))
                           AS recency_position,
                       COUNT(*) FILTER (WHERE (p.frequency, p.partner_id)
                                              < (own.frequency, own.partner_id))
                           AS frequency_position,
                       COUNT(*) FILTER (WHERE (p.revenue, p.partner_id)
                                              < (own.revenue, own.partner_id))
                           AS monetary_position,
                       SUM(p.revenue) FILTER (WHERE (-p.revenue, p.partner_id)
                                                    < (-own.revenue, own.partner_id))
                           AS revenue_before,
                       SUM(p.revenue) AS revenue_total
                  FROM own CROSS JOIN pool p
              GROUP BY own.partner_id, own.last_date, own.frequency, own.revenue
                """,
                window=window,
                partner_ids=partner_ids,
                today=self.env["res.company"]._lifecycle_run_day(),
            )
        )
        for row in rows:
            row["recency"] = portfolio.ntile(row["recency_position"], row["count"])
            row["frequency_score"] = portfolio.ntile(
                row["frequency_position"], row["count"]
            )
            row["monetary"] = portfolio.ntile(row["monetary_position"], row["count"])
            row["pareto_class"] = portfolio.pareto_class(
                row["revenue_before"], row["revenue_total"]
            )
        return rows

    def _payment_figures(self, partner_ids, companies, settings):
        """Late invoices, payment delay and overdue amount from posted
        invoices (``FigureRows`` emptying the other partners' in scope).

        An invoice is paid on the latest date of the reconciliations of its
        receivable lines. Late count and delay look at invoices dated in the
        last 24 months; the overdue amount at every open invoice, in the
        partner's lifecycle currency.
        """
        today = self.env["res.company"]._lifecycle_run_day()
        default_company_id = companies._lifecycle_default_company().id
        rows = self.env.execute_query_dict(
            SQL(
                """
                WITH invoice AS (
                    SELECT p.commercial_partner_id AS partner_id,
                           m.invoice_date >= %(since)s AS recent,
                           m.invoice_date_due AS due,
                           m.payment_state IN ('paid', 'in_payment') AS paid,
                           m.payment_state IN ('not_paid', 'partial')
                               AND m.invoice_date_due < %(today)s AS overdue,
                           m.amount_residual_signed
                               * COALESCE(account_currency_table.rate, 1) AS residual,
                           (SELECT MAX(apr.max_date)
                              FROM account_move_line l
                              JOIN account_partial_reconcile apr
                                ON apr.debit_move_id = l.id
                             WHERE l.move_id = m.id
                               AND l.display_type = 'payment_term') AS paid_on
                      FROM account_move m
                      JOIN res_partner p ON p.id = m.partner_id
                      JOIN %(currency_table)s
                        ON account_currency_table.company_id = m.company_id
                     WHERE m.move_type = 'out_invoice' AND m.state = 'posted'
                       AND (%(all)s OR p.commercial_partner_id = ANY(%(partner_ids)s))
                )
                SELECT invoice.partner_id, cp.company_id,
                       COUNT(*) FILTER (WHERE recent AND (overdue
                           OR (paid AND paid_on > due))) AS late,
                       AVG(GREATEST(paid_on - due, 0))
                           FILTER (WHERE recent AND paid AND paid_on IS NOT NULL)
                           AS delay,
                       SUM(residual) FILTER (WHERE overdue) AS overdue
                  FROM invoice
                  JOIN res_partner cp ON cp.id = invoice.partner_id
              GROUP BY invoice.partner_id, cp.company_id
                """,
                since=today - timedelta(days=PAYMENT_WINDOW_DAYS),
                today=today,
                currency_table=companies._lifecycle_currency_table(),
                all=partner_ids is None,
                partner_ids=partner_ids or [],
            )
        )
        figures = []
        for row in rows:
            own = settings.get(row["company_id"] or default_company_id)
            if own is not None:  # else its company's settings are broken (logged)
                figures.append(
                    PaymentFigures(
                        row["partner_id"],
                        row["late"],
                        float(row["delay"] or 0.0),
                        float(row["overdue"] or 0.0) * own.rate,
                    )
                )
        return FigureRows(
            PaymentFigures,
            figures,
            clear=True,
            company_ids=list(settings),
            partner_ids=partner_ids,
        )

    def _quality_figures(self, partner_ids):
        """Score the active commercial partners on the data quality checks;
        duplicates are looked for among all of them (``FigureRows`` emptying
        the other partners')."""
        rows = self._quality_rows(
            SQL("(%s OR id = ANY(%s))", partner_ids is None, partner_ids or [])
        )
        scored = rows
        if partner_ids is not None:
            rows = rows + self._quality_rows_sharing(rows)
        duplicates = portfolio.duplicate_keys(rows)
        labels = self._data_quality_check_labels()
        figures = []
        for row in scored:
            failed = portfolio.failed_quality_checks(row, row["id"] in duplicates)
            figures.append(
                QualityFigures(
                    row["id"],
                    portfolio.quality_score(failed),
                    ", ".join(labels[check] for check in failed) or None,
                    duplicates.get(row["id"]),
                )
            )
        return FigureRows(QualityFigures, figures, clear=True, partner_ids=partner_ids)

    def _quality_rows(self, condition):
        """What the checks read of the active commercial partners meeting
        ``condition`` (SQL)."""
        return self.env.execute_query_dict(
            SQL(
                """
                SELECT id, email, ARRAY[phone, mobile] AS phones, vat, street,
                       city, country_id, acquisition_channel_id AS channel_id
                  FROM res_partner
                 WHERE active AND id = commercial_partner_id AND %s
                """,
                condition,
            )
        )

    def _quality_rows_sharing(self, rows):
        """The other partners that may share an email, phone or VAT number
        with ``rows``: a loose match in SQL (a partner whose normalized value
        equals one of theirs contains it, or ends with its digits), so that
        ``portfolio.duplicate_keys`` decides among a few rows instead of the
        whole portfolio."""
        values = {"email": [], "phone": [], "vat": []}
        for row in rows:
            for value in portfolio.identity_values(row):
                kind, normalized = value.split(":", 1)
                values[kind].append(normalized)
        if not any(values.values()):
            return []
        return self._quality_rows(
            SQL(
                """
                NOT id = ANY(%(ids)s)
                AND (EXISTS (SELECT FROM unnest(%(emails)s::text[]) e
                              WHERE strpos(lower(email), e) > 0)
                     OR EXISTS (
                         SELECT FROM unnest(%(phones)s::text[]) d,
                                     unnest(ARRAY[phone, mobile]) number
                          WHERE right(regexp_replace(number, '[^0-9]', '', 'g'),
                                      length(d)) = d)
                     OR upper(regexp_replace(vat, '[^0-9A-Za-z]', '', 'g'))
                        = ANY(%(vats)s::text[]))
                """,
                ids=[row["id"] for row in rows],
                emails=values["email"],
                phones=values["phone"],
                vats=values["vat"],
            )
        )

    @api.model
    def _data_quality_check_labels(self):
        return {
            "email": _("invalid email"),
            "phone": _("no valid phone"),
            "address": _("incomplete address"),
            "channel": _("no acquisition channel"),
            "duplicate": _("possible duplicate"),
        }

    # ------------------------------------------------------------------
    # REMINDERS (called by the daily cron)
    # ------------------------------------------------------------------
    @api.model
    def _create_reminders(self):
        """Create reorder follow-up, win-back and birthday activities for
        salespeople.

        Reorder: commercial partners, not churned, whose next expected
        purchase is at most 7 days away or passed. Win-back: churned
        commercial partners of the companies with the win-back reminder on,
        due the company's delay after the churn, raised from 7 days before to
        7 days after that day (``intimacy.winback_reminder_date``). Birthday:
        partners whose birthday is at most 7 days away. Assigned to the
        partner's salesperson (or its company's); never while an activity of
        that type is open on the partner, nor twice for the same due date (the
        types keep done activities).
        """
        self.env["res.partner"].flush_model(
            [
                "active",
                "birthday",
                "commercial_partner_id",
                "company_id",
                "lifecycle_stage_date",
                "lifecycle_stage_id",
                "next_expected_order_date",
                "user_id",
            ]
        )
        today = self.env["res.company"]._lifecycle_run_day()
        lead = timedelta(days=intimacy.REMINDER_LEAD_DAYS)
        reorder_type = self.env.ref("crm_lifecycle.mail_activity_type_reorder_followup")
        birthday_type = self.env.ref("crm_lifecycle.mail_activity_type_birthday")
        winbacks = self.env["res.company"]._lifecycle_winback_settings()
        default_company_id = self.env["res.company"]._lifecycle_default_company().id
        longest_delay = max((w.delay_days for w in winbacks.values()), default=0)
        candidates = []  # (partner id, salesperson id, activity type, deadline)
        rows = self.env.execute_query_dict(
            SQL(
                """
                SELECT p.id, COALESCE(p.user_id, cp.user_id) AS user_id,
                       p.next_expected_order_date AS next_expected,
                       p.id = p.commercial_partner_id AS commercial,
                       p.birthday, COALESCE(stage.code = %(churned)s, FALSE) AS churned,
                       p.lifecycle_stage_date AS stage_date, cp.company_id
                  FROM res_partner p
                  JOIN res_partner cp ON cp.id = p.commercial_partner_id
             LEFT JOIN crm_lifecycle_stage stage ON stage.id = p.lifecycle_stage_id
                 WHERE p.active AND COALESCE(p.user_id, cp.user_id) IS NOT NULL
                   AND ((p.id = p.commercial_partner_id
                         AND (p.next_expected_order_date <= %(horizon)s
                              OR (stage.code = %(churned)s
                                  AND p.lifecycle_stage_date >= %(churned_since)s)))
                        OR p.birthday IS NOT NULL)
                """,
                churned=CHURNED,
                horizon=today + lead,
                churned_since=today - lead - timedelta(days=longest_delay),
            )
        )
        for row in rows:
            partner = (row["id"], row["user_id"])
            if row["commercial"] and row["churned"]:
                # the purchase a reorder reminder announces will not come
                winback = winbacks.get(row["company_id"] or default_company_id)
                due = winback and intimacy.winback_reminder_date(
                    row["stage_date"], winback.delay_days, today
                )
                if due:
                    candidates.append((*partner, winback.activity_type, due))
            elif row["commercial"] and intimacy.reorder_due(
                row["next_expected"], today
            ):
                candidates.append((*partner, reorder_type, row["next_expected"]))
            birthday_date = intimacy.birthday_reminder_date(row["birthday"], today)
            if birthday_date:
                candidates.append((*partner, birthday_type, birthday_date))
        if not candidates:
            return self.env["mail.activity"]
        existing = (
            self.env["mail.activity"]
            .with_context(active_test=False)
            .search(
                [
                    ("res_model", "=", "res.partner"),
                    ("res_id", "in", [c[0] for c in candidates]),
                    (
                        "activity_type_id",
                        "in",
                        list({c[2].id for c in candidates}),
                    ),
                ]
            )
        )
        open_keys = {(a.res_id, a.activity_type_id) for a in existing if a.active}
        dated_keys = {(a.res_id, a.activity_type_id, a.date_deadline) for a in existing}
        model_id = self.env["ir.model"]._get_id("res.partner")
        return self.env["mail.activity"].create(
            [
                {
                    "res_model_id": model_id,
                    "res_id": pid,
                    "activity_type_id": activity_type.id,
                    "summary": activity_type.summary,
                    "user_id": user_id,
                    "date_deadline": deadline,
                }
                for pid, user_id, activity_type, deadline in candidates
                if (pid, activity_type) not in open_keys
                and (pid, activity_type, deadline) not in dated_keys
            ]
        )

    @api.model
    def _withdraw_reorder_reminders(self, partner_ids):
        """Delete the open reorder follow-ups of customers who just churned
        (``partner_ids``): the purchase they announce will not come.

        Deleted, not marked done, as Odoo withdraws the activities that no
        longer apply (``mail.activity.mixin.activity_unlink``): marking them
        done would record follow-ups nobody made. The done ones stay, and
        the chatter logs the change to churned.
        """
        if not partner_ids:
            return
        reorder_type = self.env.ref("crm_lifecycle.mail_activity_type_reorder_followup")
        self.env["mail.activity"].search(
            [
                ("res_model", "=", "res.partner"),
                ("res_id", "in", partner_ids),
                ("activity_type_id", "=", reorder_type.id),
            ]
        ).unlink()
