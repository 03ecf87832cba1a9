# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""Value propositions and their KPIs, on the dataset of ``common.py``.

Two propositions of the test company:

- *Tagged*: the customers tagged VIP, on them or on a contact: A, C, E, F
  and D (through its contact D1), offered the product category Y (P2);
- *Top*: the Pareto class A customers, A and G, offered the campaign of
  G's March order.

Purchases of March 2025 (untaxed, USD): A 200 (P1 150 + P2 50), D 300 (P1)
and D1 100 (P2, counted for D), E 100 (P2, EUR pricelist), G 100 (P1).
"""

import math
from unittest.mock import patch

from odoo import Command
from odoo.exceptions import AccessError, UserError, ValidationError
from odoo.tests import new_test_user, tagged
from odoo.tools import SQL

from ..kpis import shared_results
from ..models.crm_success_kpi_propositions import PROPOSITION_KEY
from .common import MARCH, CrmSuccessCase, KpiPeriodsMixin
from .common_drill import DrillMixin
from .test_kpi_purchases import InvoicingCompanyCase

CODES = ("proposition_uptake", "proposition_revenue", "proposition_retention")


@tagged("post_install", "-at_install")
class TestValuePropositions(CrmSuccessCase, KpiPeriodsMixin, DrillMixin):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        vip = cls.env["res.partner.category"].create({"name": "VIP"})
        (cls.a | cls.c | cls.d1 | cls.e | cls.f).category_id = [Command.link(vip.id)]
        # Pareto classes are crm_lifecycle's figures: written as its refresh does
        cls.env.flush_all()
        cls.env.cr.execute(
            SQL(
                "UPDATE res_partner SET pareto_class = 'A' WHERE id IN %s",
                (cls.a.id, cls.g.id),
            )
        )
        cls.env["res.partner"].invalidate_model(["pareto_class"])
        cls.campaign = cls.env["utm.campaign"].create({"name": "Spring"})
        cls.g_order = cls.env["sale.order"].search([("partner_id", "=", cls.g.id)])
        cls.g_order.campaign_id = cls.campaign
        Proposition = cls.env["crm.value.proposition"]
        cls.tagged = Proposition.create(
            {
                "name": "Tagged",
                "company_id": cls.company.id,
                "segment_type": "tags",
                "category_ids": [Command.set(vip.ids)],
                "product_category_ids": [Command.set(cls.p2.categ_id.ids)],
                "start_date": "2025-01-01",
                "target_uptake": 70.0,
            }
        )
        cls.top = Proposition.create(
            {
                "name": "Top",
                "company_id": cls.company.id,
                "segment_type": "pareto",
                "pareto_class": "A",
                "campaign_id": cls.campaign.id,
                "start_date": "2025-01-01",
                "target_uptake": 40.0,
            }
        )

    def measure_proposition(self, code, proposition, period=MARCH):
        kpi = self.kpi(code).with_context(**{PROPOSITION_KEY: proposition.id})
        return kpi.compute_value(*period, self.company)

    def assertFigures(self, proposition, expected):
        for code, (value, numerator, denominator) in expected.items():
            result = self.measure_proposition(code, proposition)
            with self.subTest(proposition=proposition.name, code=code):
                self.assertAlmostEqual(result["value"], value, places=4)
                self.assertAlmostEqual(result["numerator"], numerator, places=4)
                if denominator is not None:
                    self.assertAlmostEqual(result["denominator"], denominator)

    def _objectives(self, proposition, codes=CODES):
        return (
            self.env["crm.success.objective"]
            .sudo()
            .create(
                [
                    {
                        "name": f"{proposition.name} {code}",
                        "kpi_id": self.kpi(code).id,
                        "value_proposition_id": proposition.id,
                        "company_id": self.company.id,
                        "go_live_date": "2025-03-01",
                        "baseline_value": 1.0,
                        "target_value": 2.0,
                        "target_date": "2025-12-31",
                    }
                    for code in codes
                ]
            )
        )

    # ------------------------------------------------------------------
    # THE KPIS, BY HAND
    # ------------------------------------------------------------------

    def test_tagged_segment(self):
        self.assertFigures(
            self.tagged,
            {
                # segment: A, C, E, F, and D through D1 = 5; bought P2 in
                # March: A (03-05), D (D1's 03-20), E (03-25) → 3 / 5
                "proposition_uptake": (60.0, 3.0, 5.0),
                # A 200 + D 300 + D1 100 + E 100 (200 EUR at 2) = 700
                "proposition_revenue": (700.0, 700.0, None),
                # active at 03-01 (orders 2024-03-02..2025-02-28): A, C;
                # still active at 03-31 (2024-04-01..2025-03-31): A → 1 / 2
                "proposition_retention": (50.0, 1.0, 2.0),
            },
        )

    def test_pareto_segment_and_campaign(self):
        self.assertFigures(
            self.top,
            {
                # segment A, G; G's March order comes from the campaign → 1 / 2
                "proposition_uptake": (50.0, 1.0, 2.0),
                # A 200 + G 100
                "proposition_revenue": (300.0, 300.0, None),
                # active at 03-01: A (2024-06-10); still at 03-31 → 1 / 1
                "proposition_retention": (100.0, 1.0, 1.0),
            },
        )

    def test_pricelist_offer(self):
        # the EUR pricelist: only E's order has it → 1 of the 5 tagged
        pricelist = self.eur_order.pricelist_id
        self.tagged.write(
            {"product_category_ids": [Command.clear()], "pricelist_id": pricelist.id}
        )
        self.assertFigures(self.tagged, {"proposition_uptake": (20.0, 1.0, 5.0)})

    def test_alone_and_in_a_scorecard(self):
        """A scorecard measures every proposition and both periods in one
        query: the same numbers as measured alone, one proposition at a time."""
        periods = [MARCH, (MARCH[0].replace(year=2024), MARCH[1].replace(year=2024))]
        kpis = self.env["crm.success.kpi"].search([("handler", "in", CODES)])
        alone = {
            (proposition, period): {
                kpi.code: kpi._with_value_proposition(proposition).compute_value(
                    *period, self.company
                )
                for kpi in kpis
            }
            for proposition in (self.tagged, self.top)
            for period in periods
        }
        self.env.flush_all()
        self.env.invalidate_all()
        with shared_results(self.env, periods, kpis.mapped("handler")) as env:
            env = env(
                context=dict(
                    env.context,
                    crm_success_value_proposition_ids=[self.tagged.id, self.top.id],
                )
            )
            # one query for both propositions and periods, besides reading
            # the propositions, their tags and product categories (5) and the
            # pending purchases (1), and the company's time zone
            with self.assertQueryCount(8):
                for (proposition, period), results in alone.items():
                    for kpi in kpis.with_env(env):
                        got = kpi._with_value_proposition(proposition).compute_value(
                            *period, self.company
                        )
                        for key in ("value", "numerator", "denominator"):
                            self.assertEqual(got[key], results[kpi.code][key])
        # March 2024: C bought (03-10), no P2 → tagged uptake 0 / 5
        self.assertEqual(
            alone[self.tagged, periods[1]]["proposition_uptake"]["value"], 0.0
        )

    def test_scorecard_lines_and_query_count(self):
        """Six objectives on two propositions: one query for all their figures
        and both periods; a third proposition joins that query."""
        self._objectives(self.tagged)
        self._objectives(self.top)
        Scorecard = self.env["crm.success.scorecard"]
        scorecard = Scorecard.compute_period(*MARCH, company=self.company)
        values = {
            (line.value_proposition_id, line.kpi_id.code): line.value
            for line in scorecard.line_ids
        }
        self.assertEqual(values[self.tagged, "proposition_uptake"], 60.0)
        self.assertEqual(values[self.top, "proposition_revenue"], 300.0)
        self.assertEqual(values[self.top, "proposition_retention"], 100.0)
        self.env.invalidate_all()
        # the figures (1), reading the propositions' segments and offers (5),
        # the pending purchases (1); the rest is the scorecard's bookkeeping
        with self.assertQueryCount(38):
            scorecard.action_compute()
            self.env.flush_all()
        third = self.top.copy({"name": "Third"})
        self._objectives(third, codes=("proposition_uptake",))
        scorecard.action_compute()
        self.env.invalidate_all()
        Kpi = type(self.env["crm.success.kpi"])
        query = Kpi._value_proposition_query
        # one more objective: its savepoint and line; still one figure query
        with (
            patch.object(Kpi, "_value_proposition_query", autospec=True) as figures,
            self.assertQueryCount(40),
        ):
            figures.side_effect = query
            scorecard.action_compute()
            self.env.flush_all()
        self.assertEqual(figures.call_count, 1)
        [(_kpi, _periods, _company, propositions)] = [
            call.args for call in figures.call_args_list
        ]
        self.assertEqual(propositions, self.tagged | self.top | third)

    def test_drill_down_opens_what_the_lines_count(self):
        self._objectives(self.tagged)
        scorecard = (
            self.env["crm.success.scorecard"]
            .sudo()
            .compute_period(*MARCH, company=self.company, period_type="month")
        )
        lines = {line.kpi_id.code: line for line in scorecard.line_ids}
        # a success user who sees all the orders (and so their purchases)
        reader = new_test_user(
            self.env,
            login="proposition_reader",
            groups="base.group_user,crm_success_metrics.crm_success_metrics_group_user,"
            "sales_team.group_sale_salesman_all_leads",
            company_id=self.company.id,
            company_ids=[self.company.id],
        )
        self.assertDrillMatches(lines, reader)
        # the proposition's figures over the periods: its lines
        action = self.tagged.action_view_scorecard_lines()
        self.assertEqual(
            self.env[action["res_model"]].search(action["domain"]),
            scorecard.line_ids,
        )

    def test_baseline_measures_the_proposition(self):
        objective = self._objectives(self.tagged, codes=("proposition_revenue",))
        objective.write(
            {
                "go_live_date": "2025-04-01",
                "baseline_date_from": "2025-03-01",
                "baseline_date_to": "2025-03-31",
            }
        )
        objective.action_compute_baseline()
        self.assertEqual(objective.baseline_value, 700.0)

    def test_current_uptake_of_the_form(self):
        """From the start date (2025-01-01) to today: the March purchases
        and F's April order, of P1 (not category Y) → A, D, E of 5."""
        self.assertEqual(self.tagged.segment_size, 5)
        self.assertAlmostEqual(self.tagged.current_uptake, 60.0)
        action = self.tagged.action_view_segment()
        self.assertEqual(
            self.env["res.partner"].search(action["domain"]),
            self.a | self.c | self.d | self.e | self.f,
        )

    # ------------------------------------------------------------------
    # BAD INPUT
    # ------------------------------------------------------------------

    def test_refused_propositions_write_nothing(self):
        Proposition = self.env["crm.value.proposition"].with_user(self.manager)
        base = {
            "name": "Bad",
            "segment_type": "pareto",
            "pareto_class": "B",
            "campaign_id": self.campaign.id,
        }
        bad = [
            ({"pareto_class": False}, "no target segment"),
            ({"segment_type": "tags"}, "no target segment"),
            ({"segment_type": "domain", "partner_domain": "[]"}, "no target segment"),
            (
                {"segment_type": "domain", "partner_domain": "[('nope', '=', 1)]"},
                "not a stored field",
            ),
            ({"campaign_id": False}, "offers nothing"),
            ({"target_uptake": 120.0}, "from 0 to 100"),
            ({"target_uptake": -1.0}, "from 0 to 100"),
            ({"target_uptake": math.nan}, "finite number"),
        ]
        for values, message in bad:
            with (
                self.subTest(values=values),
                self.assertRaisesRegex(ValidationError, message),
            ):
                with self.env.cr.savepoint():
                    Proposition.create({**base, **values})
        self.assertFalse(Proposition.search([("name", "=", "Bad")]))
        good = Proposition.create(
            {**base, "segment_type": "domain", "partner_domain": "[('name', '=', 'A')]"}
        )
        self.assertEqual(good.company_id, self.company)

    def test_objective_needs_its_proposition(self):
        Objective = self.env["crm.success.objective"]
        values = {
            "name": "Uptake",
            "kpi_id": self.kpi("proposition_uptake").id,
            "company_id": self.company.id,
            "go_live_date": "2025-03-01",
            "target_value": 50.0,
            "target_date": "2025-12-31",
        }
        with self.assertRaisesRegex(ValidationError, "per value proposition: choose"):
            with self.env.cr.savepoint():
                Objective.create(values)
        with self.assertRaisesRegex(ValidationError, "remove the value proposition"):
            with self.env.cr.savepoint():
                Objective.create(
                    {
                        **values,
                        "kpi_id": self.kpi("sales_revenue").id,
                        "value_proposition_id": self.top.id,
                    }
                )
        other = self.top.sudo().copy({"company_id": self.other_company.id})
        with self.assertRaises(UserError):  # check_company
            with self.env.cr.savepoint():
                Objective.create({**values, "value_proposition_id": other.id})
        self.assertFalse(Objective.search([("name", "=", "Uptake")]))
        # measured without one (a KPI called directly): a clear error
        with self.assertRaisesRegex(UserError, "per value proposition"):
            self.measure("proposition_uptake")

    # ------------------------------------------------------------------
    # ACCESS
    # ------------------------------------------------------------------

    def test_users_read_managers_write(self):
        proposition = self.tagged.with_user(self.user)
        self.assertEqual(proposition.name, "Tagged")
        self.assertEqual(proposition.segment_size, 5)
        with self.assertRaises(AccessError):
            proposition.target_uptake = 80.0
        self.tagged.with_user(self.manager).target_uptake = 80.0
        self.assertEqual(self.tagged.target_uptake, 80.0)
        # nor into a company the manager does not work in
        with self.assertRaises(AccessError):
            self.tagged.with_user(self.manager).company_id = self.other_company
        with self.assertRaises(AccessError):
            self.env["crm.value.proposition"].with_user(self.manager).create(
                {
                    "name": "Elsewhere",
                    "company_id": self.other_company.id,
                    "segment_type": "pareto",
                    "pareto_class": "A",
                    "campaign_id": self.campaign.id,
                }
            )
        self.assertEqual(self.tagged.company_id, self.company)


@tagged("post_install", "-at_install")
class TestValuePropositionInvoices(InvoicingCompanyCase):
    """With Purchases Are = Invoices, invoices take the offer up."""

    def test_invoices_of_the_categories_or_the_campaign(self):
        category = self.env["product.category"].create({"name": "Offered"})
        child = self.env["product.category"].create(
            {"name": "Offered child", "parent_id": category.id}
        )
        offered = self.env["product.product"].create(
            {"name": "Offered", "type": "service", "categ_id": child.id}
        )
        campaign = self.env["utm.campaign"].create({"name": "Invoiced campaign"})
        kim, lou, max_ = (self.customer(name) for name in ("Kim", "Lou", "Max"))
        tag = self.env["res.partner.category"].create({"name": "Target"})
        (kim | lou | max_).category_id = [Command.link(tag.id)]

        def invoice(partner, product, amount, **values):
            move = self.env["account.move"].create(
                {
                    "move_type": "out_invoice",
                    "partner_id": partner.id,
                    "invoice_date": "2025-03-10",
                    "invoice_line_ids": [
                        Command.create(
                            {
                                "product_id": product.id,
                                "price_unit": amount,
                                "tax_ids": False,
                            }
                        )
                    ],
                    **values,
                }
            )
            move.action_post()

        invoice(kim, offered, 100.0)  # a subcategory of the offer's
        invoice(lou, self.product, 50.0, campaign_id=campaign.id)
        invoice(max_, self.product, 30.0)
        proposition = self.env["crm.value.proposition"].create(
            {
                "name": "Invoiced",
                "segment_type": "tags",
                "category_ids": [Command.set(tag.ids)],
                "product_category_ids": [Command.set(category.ids)],
                "campaign_id": campaign.id,
            }
        )
        kpis = self.env["crm.success.kpi"].with_context(
            **{PROPOSITION_KEY: proposition.id}
        )

        def measure(code):
            kpi = kpis.search([("code", "=", code)])
            return kpi.compute_value(*MARCH, self.company)

        # Kim (category) and Lou (campaign) of Kim, Lou, Max → 2 / 3
        self.assertAlmostEqual(measure("proposition_uptake")["value"], 200 / 3)
        self.assertEqual(measure("proposition_revenue")["value"], 180.0)
