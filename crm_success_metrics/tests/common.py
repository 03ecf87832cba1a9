# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""A company of our own with a small hand-built dataset around March 2025.

Customers (commercial partners of ``cls.company``, currency USD), confirmed
orders (untaxed):

- A: 2024-06-10 100; 2025-03-05 200 (P1 150 + P2 50)
- B: 2024-04-15 50
- C: 2024-03-10 80
- D (referred by A): 2025-03-10 300 (P1); its contact D1: 2025-03-20 100 (P2)
- E (referral channel): 2025-03-25 200 EUR (P2) at 2 EUR per USD = 100 USD
- G: 2025-03-15 100 (P1)
- noise: F's draft quotation and A's cancelled order in March, F's order of
  2025-04-02, an order of a shared customer in another company in March.

P1 is in category X, P2 in category Y.
"""

from datetime import date, datetime

from odoo.tests import TransactionCase, new_test_user
from odoo.tools import SQL

from ..kpis import shared_results

MARCH = (date(2025, 3, 1), date(2025, 3, 31))


class CrmSuccessCase(TransactionCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.company = cls.env["res.company"].create(
            {"name": "Success Test Co", "currency_id": cls.env.ref("base.USD").id}
        )
        cls.other_company = cls.env["res.company"].create(
            {"name": "Success Other Co", "currency_id": cls.env.ref("base.USD").id}
        )
        # Work in our company; the orders of the dataset must not feed the
        # lifecycle engine (lifecycle KPIs are tested on a hand-written
        # history): they are created while the companies' purchases are
        # invoices, then orders become the purchases the KPIs read.
        cls.env = cls.env(
            context=dict(cls.env.context, allowed_company_ids=[cls.company.id])
        )
        (cls.company | cls.other_company).lifecycle_purchase_source = "invoice"
        cls.user = new_test_user(
            cls.env,
            login="success_user",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls.manager = new_test_user(
            cls.env,
            login="success_manager",
            groups="base.group_user,"
            "crm_success_metrics.crm_success_metrics_group_manager",
            company_id=cls.company.id,
            company_ids=[cls.company.id],
        )
        cls._create_sales()
        (cls.company | cls.other_company).lifecycle_purchase_source = "sale_order"

    # ------------------------------------------------------------------
    # DATASET
    # ------------------------------------------------------------------

    @classmethod
    def _create_sales(cls):
        Partner = cls.env["res.partner"]
        category_x = cls.env["product.category"].create({"name": "Category X"})
        category_y = cls.env["product.category"].create({"name": "Category Y"})
        cls.p1 = cls._product("P1", category_x)
        cls.p2 = cls._product("P2", category_y)
        referral = cls.env["crm.acquisition.channel"].create(
            {"name": "Word of mouth", "code": "wom_test", "is_referral": True}
        )

        def customer(name, **vals):
            return Partner.create(
                {"name": name, "is_company": True, "company_id": cls.company.id, **vals}
            )

        cls.a = customer("A")
        cls.b = customer("B")
        cls.c = customer("C")
        cls.d = customer("D", referred_by_id=cls.a.id)
        cls.d1 = Partner.create({"name": "D1", "parent_id": cls.d.id})
        cls.e = customer("E", acquisition_channel_id=referral.id)
        cls.f = customer("F")
        cls.g = customer("G")
        eur = cls.env.ref("base.EUR")
        eur.active = True
        Rate = cls.env["res.currency.rate"]
        Rate.create(
            {
                "name": "2024-01-01",
                "rate": 1.0,
                "currency_id": cls.env.ref("base.USD").id,
                "company_id": cls.company.id,
            }
        )
        Rate.create(
            {
                "name": "2024-01-01",
                "rate": 2.0,
                "currency_id": eur.id,
                "company_id": cls.company.id,
            }
        )
        eur_pricelist = cls.env["product.pricelist"].create(
            {"name": "EUR", "currency_id": eur.id, "company_id": cls.company.id}
        )
        order = cls._order
        order(cls.a, "2024-06-10", [(cls.p1, 100)])
        order(cls.a, "2025-03-05", [(cls.p1, 150), (cls.p2, 50)])
        order(cls.b, "2024-04-15", [(cls.p1, 50)])
        order(cls.c, "2024-03-10", [(cls.p1, 80)])
        order(cls.d, "2025-03-10", [(cls.p1, 300)])
        order(cls.d1, "2025-03-20", [(cls.p2, 100)])
        cls.eur_order = order(
            cls.e, "2025-03-25", [(cls.p2, 200)], pricelist_id=eur_pricelist.id
        )
        order(cls.g, "2025-03-15", [(cls.p1, 100)])
        order(cls.f, "2025-03-12", [(cls.p1, 500)], state="draft")
        order(cls.a, "2025-03-14", [(cls.p1, 999)], state="cancel")
        order(cls.f, "2025-04-02", [(cls.p1, 400)])
        cls.shared = Partner.create({"name": "Shared customer", "is_company": True})
        order(
            cls.shared, "2025-03-08", [(cls.p1, 700)], company_id=cls.other_company.id
        )

    @classmethod
    def _product(cls, name, category):
        return cls.env["product.product"].create(
            {
                "name": name,
                "type": "service",
                "categ_id": category.id,
                "taxes_id": False,
            }
        )

    @classmethod
    def _order(cls, partner, day, lines, state="sale", **vals):
        company_id = vals.pop("company_id", cls.company.id)
        return (
            cls.env["sale.order"]
            .with_company(company_id)
            .create(
                {
                    "partner_id": partner.id,
                    "company_id": company_id,
                    "date_order": datetime.fromisoformat(day).replace(hour=12),
                    "state": state,
                    "order_line": [
                        (
                            0,
                            0,
                            {
                                "product_id": product.id,
                                "product_uom_qty": 1,
                                "price_unit": price,
                                "tax_id": False,
                            },
                        )
                        for product, price in lines
                    ],
                    **vals,
                }
            )
        )

    @classmethod
    def _set_dates(cls, records, **values):
        set_columns(records, **values)

    # ------------------------------------------------------------------
    # HELPERS
    # ------------------------------------------------------------------

    @classmethod
    def kpi(cls, code):
        return cls.env["crm.success.kpi"].search([("code", "=", code)])

    def measure(self, code, period=MARCH, company=None):
        return self.kpi(code).compute_value(*period, company or self.company)

    def assertMeasure(self, code, value, numerator=None, denominator=None, **kw):
        result = self.measure(code, **kw)
        if value is None:
            self.assertIsNone(result["value"], code)
        else:
            self.assertAlmostEqual(result["value"], value, places=4, msg=code)
        if numerator is not None:
            self.assertAlmostEqual(result["numerator"], numerator, places=4, msg=code)
        if denominator is not None:
            self.assertAlmostEqual(
                result["denominator"], denominator, places=4, msg=code
            )
        return result


def set_columns(records, **values):
    """Write magic or computed columns (create_date, create_uid, date_closed)
    of ``records`` with SQL, as the data they stand for would have."""
    records.flush_recordset()
    for column, value in values.items():
        records.env.cr.execute(
            SQL(
                "UPDATE %s SET %s = %s WHERE id IN %s",
                SQL.identifier(records._table),
                SQL.identifier(column),
                value,
                tuple(records.ids),
            )
        )
    records.invalidate_recordset()


class KpiPeriodsMixin:
    """Assertion of the scorecards' multi-period pass (``kpis.shared_periods``)."""

    def assertScorecardQueries(self, codes, periods, company, count):
        """Within one ``shared_results`` block over ``periods``, as a scorecard
        measures them, the built-in KPIs ``codes`` cost ``count`` queries for
        all the periods together: one pass of each of their data sources. A
        first measure before reads the KPI records and what they cache."""
        kpis = self.env["crm.success.kpi"].search([("handler", "in", codes)])
        for kpi in kpis:
            kpi.compute_value(*periods[0], company)
        self.env.flush_all()
        with shared_results(self.env, periods, codes) as env:
            with self.assertQueryCount(count):
                for period in periods:
                    for kpi in kpis.with_env(env):
                        kpi.compute_value(*period, company)

    def assertSameAloneAndTogether(self, codes, periods, company):
        """Measure the built-in KPIs ``codes`` over each of ``periods``, each
        alone and then within one ``shared_results`` block registering all
        the periods, as a scorecard does; check that both give the same
        results and that, once the first period is measured, the others
        cost no query. Return ``{period: {code: result}}``."""
        kpis = self.env["crm.success.kpi"].search([("handler", "in", codes)])
        self.assertEqual(len(kpis), len(codes))
        alone = {
            period: {kpi.code: kpi.compute_value(*period, company) for kpi in kpis}
            for period in periods
        }
        self.env.flush_all()
        # declared as a scorecard declares them (see ``kpis.will_measure``)
        with shared_results(self.env, periods, kpis.mapped("handler")) as env:
            kpis = kpis.with_env(env)
            together = {}
            for index, period in enumerate(periods):
                before = env.cr.sql_log_count
                together[period] = {
                    kpi.code: kpi.compute_value(*period, company) for kpi in kpis
                }
                if index:
                    self.assertEqual(env.cr.sql_log_count, before, period)
        for period in periods:
            for code in codes:
                for key in ("value", "numerator", "denominator"):
                    self.assertAlmostEqual(
                        together[period][code][key],
                        alone[period][code][key],
                        places=6,
                        msg=f"{code} {key} {period}",
                    )
        return together
