# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Accounting KPIs: posted journal items by accounting date, company currency."""

from odoo import models
from odoo.tools import SQL

from ..kpis import Drill, kpi, measure, ratio, shared_periods
from ..kpis.common import date_domain, in_periods, period_rows, rows_by_period

INCOME_TYPES = ["income", "income_other"]
PROFIT_AND_LOSS_TYPES = INCOME_TYPES + [
    "expense",
    "expense_depreciation",
    "expense_direct_cost",
]


class CrmSuccessKpiAccounting(models.Model):
    _inherit = "crm.success.kpi"

    def _accounting_sums(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see ``shared_periods``)."""
        return shared_periods(
            self.env,
            ("account_sums", company.id),
            date_from,
            date_to,
            lambda periods: self._accounting_query_sums(periods, company),
        )

    def _accounting_query_sums(self, periods, company):
        """{period: revenue, profit (credit - debit) and tagged spend (debit -
        credit)} of the posted journal items of each period, in one query.

        The journal items are summed per account first, then the few account
        sums are classified by type and tag (a join on the tags, not a lookup
        per journal item)."""
        self.env["account.move.line"].flush_model(
            ["balance", "account_id", "company_id", "date", "parent_state"]
        )
        self.env["account.account"].flush_model(["account_type", "tag_ids"])
        promotion = self.env.ref("crm_success_metrics.account_tag_promotion_spend")
        service = self.env.ref("crm_success_metrics.account_tag_service_cost")
        query = SQL(
            """
            SELECT sums.idx,
                   COALESCE(-SUM(sums.balance) FILTER (
                       WHERE account.account_type = ANY(%(income)s)), 0),
                   COALESCE(-SUM(sums.balance) FILTER (
                       WHERE account.account_type = ANY(%(pnl)s)), 0),
                   COALESCE(SUM(sums.balance) FILTER (WHERE tags.promotion), 0),
                   COALESCE(SUM(sums.balance) FILTER (WHERE tags.service), 0)
              FROM (SELECT period.idx, aml.account_id, SUM(aml.balance) AS balance
                      FROM (%(periods)s) period
                      JOIN account_move_line aml
                        ON aml.date BETWEEN period.date_from AND period.date_to
                     WHERE aml.company_id = %(company)s
                       AND aml.parent_state = 'posted'
                       AND %(in_periods)s
                     GROUP BY period.idx, aml.account_id) sums
              JOIN account_account account ON account.id = sums.account_id
         LEFT JOIN (SELECT rel.account_account_id AS account_id,
                           bool_or(rel.account_account_tag_id = %(promotion)s)
                               AS promotion,
                           bool_or(rel.account_account_tag_id = %(service)s)
                               AS service
                      FROM account_account_account_tag rel
                     WHERE rel.account_account_tag_id IN (%(promotion)s, %(service)s)
                     GROUP BY rel.account_account_id) tags
                ON tags.account_id = account.id
             GROUP BY sums.idx
            """,
            income=INCOME_TYPES,
            pnl=PROFIT_AND_LOSS_TYPES,
            promotion=promotion.id,
            service=service.id,
            company=company.id,
            periods=period_rows(periods, company),
            in_periods=in_periods(SQL("aml.date"), periods, company, days=True),
        )
        keys = ("revenue", "profit", "promotion", "service")
        return {
            period: {key: float(value) for key, value in sums.items()}
            for period, sums in rows_by_period(self.env, query, periods, keys).items()
        }

    def _accounting_drill(self, label, accounts, sign, date_from, date_to, company):
        """Drill of the company's posted journal items of the period on the
        ``accounts`` (a domain on ``account_id``), whose balance the KPI sums
        with ``sign`` (-1 for credit minus debit)."""
        domain = [
            ("company_id", "=", company.id),
            ("parent_state", "=", "posted"),
            *date_domain("date", date_from, date_to),
            *(
                ("account_id." + path, operator, value)
                for path, operator, value in accounts
            ),
        ]
        return Drill("account.move.line", domain, label, measure=("balance", sign))

    def _drill_journal_income(self, date_from, date_to, company):
        label = self.env._("Journal items on income accounts")
        accounts = [("account_type", "in", INCOME_TYPES)]
        return self._accounting_drill(label, accounts, -1, date_from, date_to, company)

    def _drill_journal_profit_and_loss(self, date_from, date_to, company):
        label = self.env._("Journal items on profit and loss accounts")
        accounts = [("account_type", "in", PROFIT_AND_LOSS_TYPES)]
        return self._accounting_drill(label, accounts, -1, date_from, date_to, company)

    def _drill_journal_promotion(self, date_from, date_to, company):
        label = self.env._("Journal items of promotion spend")
        tag = self.env.ref("crm_success_metrics.account_tag_promotion_spend")
        accounts = [("tag_ids", "in", tag.ids)]
        return self._accounting_drill(label, accounts, 1, date_from, date_to, company)

    def _drill_journal_service(self, date_from, date_to, company):
        label = self.env._("Journal items of customer service cost")
        tag = self.env.ref("crm_success_metrics.account_tag_service_cost")
        accounts = [("tag_ids", "in", tag.ids)]
        return self._accounting_drill(label, accounts, 1, date_from, date_to, company)

    @kpi(kind="flow", unit="currency", drill=("journal_income",))
    def _kpi_invoiced_revenue(self, date_from, date_to, company):
        """Credit minus debit on income accounts (types income and income_other)."""
        return measure(self._accounting_sums(date_from, date_to, company)["revenue"])

    @kpi(kind="flow", unit="currency", drill=("journal_profit_and_loss",))
    def _kpi_net_profit(self, date_from, date_to, company):
        """Credit minus debit on all profit-and-loss accounts."""
        return measure(self._accounting_sums(date_from, date_to, company)["profit"])

    @kpi(kind="flow", unit="currency", direction="down", drill=("journal_promotion",))
    def _kpi_promotion_spend(self, date_from, date_to, company):
        """Debit minus credit on the accounts tagged "CRM: promotion spend"."""
        return measure(self._accounting_sums(date_from, date_to, company)["promotion"])

    @kpi(
        kind="ratio",
        unit="percent",
        direction="down",
        drill=("journal_promotion", "journal_income"),
    )
    def _kpi_promotion_spend_ratio(self, date_from, date_to, company):
        """Promotion spend / invoiced revenue x 100."""
        sums = self._accounting_sums(date_from, date_to, company)
        return ratio(sums["promotion"], sums["revenue"], 100.0)

    @kpi(
        kind="ratio",
        unit="currency",
        direction="down",
        drill=("journal_promotion", "customers_new"),
    )
    def _kpi_customer_acquisition_cost(self, date_from, date_to, company):
        """Promotion spend / new customers of the period."""
        spend = self._accounting_sums(date_from, date_to, company)["promotion"]
        customers = self._kpi_new_customers(date_from, date_to, company)["value"]
        return ratio(spend, customers)

    @kpi(kind="flow", unit="currency", direction="down", drill=("journal_service",))
    def _kpi_service_cost(self, date_from, date_to, company):
        """Debit minus credit on the accounts tagged "CRM: customer service cost"."""
        return measure(self._accounting_sums(date_from, date_to, company)["service"])

    @kpi(
        kind="ratio",
        unit="currency",
        direction="down",
        drill=("journal_service", "contacts_handled"),
    )
    def _kpi_service_cost_per_contact(self, date_from, date_to, company):
        """Service cost / service contacts handled (queued in the period, not
        abandoned)."""
        cost = self._accounting_sums(date_from, date_to, company)["service"]
        return ratio(cost, self._service_handled_contacts(date_from, date_to, company))
