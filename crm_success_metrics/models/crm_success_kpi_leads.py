# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
# One file per business domain on purpose (see crm_success_kpi.py):
# pylint: disable=consider-merging-classes-inherited
"""Lead and opportunity KPIs (``crm.lead``, archived records included).

Odoo 18 semantics: won = in a won stage and active; lost = archived with
probability 0; ``date_closed`` is set in both cases.
"""

from odoo import models
from odoo.tools import SQL, create_index

from odoo.addons.crm_lifecycle.tools import local_day

from ..kpis import Drill, kpi, measure, ratio, shared_periods, will_measure
from ..kpis.common import datetime_bounds, ids_domain, rows_by_period


class CrmSuccessKpiLeads(models.Model):
    _inherit = "crm.success.kpi"

    def init(self):
        result = super().init()
        # win_rate and sales_cycle_days read the opportunities closed in a
        # period: without it, every scorecard reads the whole lead table.
        create_index(
            self.env.cr,
            "crm_lead_date_closed_crm_success_index",
            "crm_lead",
            ["date_closed"],
            where="date_closed IS NOT NULL",
        )
        return result

    def _leads_flush(self):
        self.env["crm.lead"].flush_model(
            [
                "company_id",
                "type",
                "stage_id",
                "active",
                "probability",
                "date_closed",
                "partner_id",
            ]
        )
        self.env["crm.stage"].flush_model(["is_won"])

    def _leads_counts(self, date_from, date_to, company):
        """Measured once per scorecard for all its periods (see
        ``shared_periods``); with the conversions when the scorecard measures
        them too (see ``_leads_conversions``)."""
        conversions = will_measure(self.env, "lead_to_customer_rate")
        return shared_periods(
            self.env,
            ("leads", company.id, company._lifecycle_tz(), conversions),
            date_from,
            date_to,
            lambda periods: self._leads_query_counts(periods, company, conversions),
        )

    def _leads_query_counts(self, periods, company, conversions=False):
        """{period: counts} of the company's leads and opportunities, in one
        query: created in the period (``created``); opportunities closed in
        the period won (``won``, with their total days from creation to
        closing ``won_days``) and lost (``lost``); with ``conversions``, the
        leads created in the period converted (``converted``)."""
        self._leads_flush()
        if conversions:
            self.env["res.partner"].flush_model(["commercial_partner_id"])
        tz = company._lifecycle_tz()
        keys = ("created", "won", "lost", "won_days")
        return rows_by_period(
            self.env,
            SQL(" UNION ALL ").join(
                self._leads_period_counts(
                    idx, date_from, date_to, company, tz, conversions
                )
                for idx, (date_from, date_to) in enumerate(periods)
            ),
            periods,
            keys + ("converted",) if conversions else keys,
        )

    def _leads_period_sets(self, date_from, date_to, company, tz):
        """{key: SQL condition on ``lead``} of the sets of leads a period
        counts, within ``_leads_period_from``: created in the period
        (``created``), of those converted (``converted``, only with the
        purchases joined), opportunities closed in the period won (``won``)
        or lost (``lost``), and both (``decided``). The counts and the
        drill-down read the same ones."""
        start, end = datetime_bounds(date_from, date_to, company)
        created = SQL("(lead.create_date >= %s AND lead.create_date < %s)", start, end)
        closed = SQL(
            "(lead.type = 'opportunity' AND lead.date_closed >= %s"
            " AND lead.date_closed < %s)",
            start,
            end,
        )
        won = SQL("(%s AND lead.active AND stage.is_won)", closed)
        lost = SQL("(%s AND NOT lead.active AND lead.probability = 0)", closed)
        return {
            "created": created,
            "converted": SQL(
                "(%s AND bought.last_day >= %s)",
                created,
                local_day(SQL("lead.create_date"), tz),
            ),
            "won": won,
            "lost": lost,
            "decided": SQL("(%s OR %s)", won, lost),
            "any": SQL("(%s OR %s)", created, closed),
        }

    def _leads_period_from(
        self, date_from, date_to, company, sets, purchases=False, scope="any"
    ):
        """SQL ``FROM ... WHERE``: the company's leads of the period in the
        set ``scope`` of ``sets`` (``_leads_period_sets``), its bounds written
        as constants. With ``purchases``, each joined to its customer's last
        purchase of the period (``bought``): a lead converts when its customer
        has a purchase from the day of its creation to the period's end. A
        join, not a search of the purchases per lead: with the bounds as
        constants, PostgreSQL estimates the leads of the period and joins them
        with a hash (misjudging them as a few hundred, it searched all the
        purchases again for each lead)."""
        bought = SQL()
        if purchases:
            bought = SQL(
                """
                LEFT JOIN res_partner customer ON customer.id = lead.partner_id
                LEFT JOIN (SELECT purchase.partner_id, MAX(purchase.day) AS last_day
                             FROM (%(purchases)s) purchase
                            WHERE purchase.is_purchase
                            GROUP BY purchase.partner_id) bought
                  ON bought.partner_id = customer.commercial_partner_id
                """,
                purchases=self._sales_purchases(company, date_from, date_to),
            )
        return SQL(
            """
              FROM crm_lead lead
              LEFT JOIN crm_stage stage ON stage.id = lead.stage_id
              %(bought)s
             WHERE lead.company_id = %(company)s AND %(scope)s
            """,
            bought=bought,
            company=company.id,
            scope=sets[scope],
        )

    def _leads_period_counts(self, idx, date_from, date_to, company, tz, conversions):
        """SQL: the row ``(idx, counts)`` of one period (see
        ``_leads_query_counts``)."""
        sets = self._leads_period_sets(date_from, date_to, company, tz)
        converted = SQL()
        if conversions:
            converted = SQL(", COUNT(*) FILTER (WHERE %s)", sets["converted"])
        return SQL(
            """
            SELECT %(idx)s,
                   COUNT(*) FILTER (WHERE %(created)s),
                   COUNT(*) FILTER (WHERE %(won)s),
                   COUNT(*) FILTER (WHERE %(lost)s),
                   COALESCE(SUM(EXTRACT(EPOCH FROM lead.date_closed - lead.create_date))
                            FILTER (WHERE %(won)s), 0) / 86400.0
                   %(converted)s
            %(leads)s
            """,
            idx=idx,
            created=sets["created"],
            won=sets["won"],
            lost=sets["lost"],
            converted=converted,
            leads=self._leads_period_from(
                date_from, date_to, company, sets, purchases=conversions
            ),
        )

    def _leads_conversions(self, date_from, date_to, company):
        """{"created", "converted"} of the period (see
        ``_kpi_lead_to_customer_rate``): from the one query of the leads when
        the scorecard declared that it measures the conversion, else from a
        query of its own (the leads' query then needs no join to the
        purchases, which costs most of it)."""
        if will_measure(self.env, "lead_to_customer_rate"):
            return self._leads_counts(date_from, date_to, company)
        return shared_periods(
            self.env,
            ("lead_conversions", company.id, company._lifecycle_tz()),
            date_from,
            date_to,
            lambda periods: self._leads_query_conversions(periods, company),
        )

    def _leads_query_conversions(self, periods, company):
        self._leads_flush()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        tz = company._lifecycle_tz()
        return rows_by_period(
            self.env,
            SQL(" UNION ALL ").join(
                self._leads_period_conversions(idx, date_from, date_to, company, tz)
                for idx, (date_from, date_to) in enumerate(periods)
            ),
            periods,
            ("created", "converted"),
        )

    def _leads_period_conversions(self, idx, date_from, date_to, company, tz):
        """SQL: the row ``(idx, created, converted)`` of one period."""
        sets = self._leads_period_sets(date_from, date_to, company, tz)
        return SQL(
            """
            SELECT %(idx)s, COUNT(*), COUNT(*) FILTER (WHERE %(converted)s)
            %(leads)s
            """,
            idx=idx,
            converted=sets["converted"],
            leads=self._leads_period_from(
                date_from, date_to, company, sets, purchases=True, scope="created"
            ),
        )

    def _leads_drill(self, key, label, date_from, date_to, company):
        """Drill of the set ``key`` of ``_leads_period_sets``, archived leads
        included (lost opportunities are archived)."""
        self._leads_flush()
        self.env["res.partner"].flush_model(["commercial_partner_id"])
        sets = self._leads_period_sets(
            date_from, date_to, company, company._lifecycle_tz()
        )
        query = SQL(
            "SELECT lead.id %s AND %s",
            self._leads_period_from(
                date_from, date_to, company, sets, purchases=key == "converted"
            ),
            sets[key],
        )
        domain = ids_domain(self.env, query) + [("active", "in", [True, False])]
        return Drill("crm.lead", domain, label)

    def _drill_leads_created(self, date_from, date_to, company):
        label = self.env._("Leads created")
        return self._leads_drill("created", label, date_from, date_to, company)

    def _drill_leads_converted(self, date_from, date_to, company):
        label = self.env._("Leads converted")
        return self._leads_drill("converted", label, date_from, date_to, company)

    def _drill_leads_won(self, date_from, date_to, company):
        label = self.env._("Won opportunities")
        return self._leads_drill("won", label, date_from, date_to, company)

    def _drill_leads_decided(self, date_from, date_to, company):
        label = self.env._("Won and lost opportunities")
        return self._leads_drill("decided", label, date_from, date_to, company)

    @kpi(
        kind="flow", unit="count", significance_test="poisson", drill=("leads_created",)
    )
    def _kpi_leads_created(self, date_from, date_to, company):
        """Leads and opportunities created in the period."""
        return measure(self._leads_counts(date_from, date_to, company)["created"])

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("leads_won", "leads_decided"),
    )
    def _kpi_win_rate(self, date_from, date_to, company):
        """% won / (won + lost) of the opportunities closed in the period."""
        counts = self._leads_counts(date_from, date_to, company)
        return ratio(counts["won"], counts["won"] + counts["lost"], 100.0)

    @kpi(
        kind="ratio",
        unit="percent",
        significance_test="proportion",
        drill=("leads_converted", "leads_created"),
    )
    def _kpi_lead_to_customer_rate(self, date_from, date_to, company):
        """% of the leads created in the period whose customer has a purchase
        from the company (see ``_sales_purchases``) dated from the day of the
        lead's creation to date_to."""
        counts = self._leads_conversions(date_from, date_to, company)
        return ratio(counts["converted"], counts["created"], 100.0)

    @kpi(kind="ratio", unit="days", direction="down", drill=("leads_won", "leads_won"))
    def _kpi_sales_cycle_days(self, date_from, date_to, company):
        """Mean days from creation to closing of the opportunities won in the period."""
        counts = self._leads_counts(date_from, date_to, company)
        return ratio(counts["won_days"], counts["won"])
