# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
"""The Spanish translation (i18n/es.po), loaded as an administrator does when
a user's language is Spanish: the dashboard and a scorecard read in Spanish.
The expected words are those of es.po and Babel's Spanish month names."""

from odoo.tests import tagged

from .common import CrmSuccessCase
from .common_dashboard import monthly_scorecard, scorecard_line


@tagged("post_install", "-at_install")
class TestSpanishScreens(CrmSuccessCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.env["res.lang"]._activate_lang("es_ES")
        cls.env["ir.module.module"].search(
            [("name", "in", ["crm_lifecycle", "crm_success_metrics"])]
        )._update_translations("es_ES")
        cls.user.lang = "es_ES"
        objective = cls.env["crm.success.objective"].create(
            {
                "name": "More revenue",
                "kpi_id": cls.kpi("sales_revenue").id,
                "company_id": cls.company.id,
                "go_live_date": "2024-01-01",
                "baseline_value": 12000,
                "target_value": 14400,
                "target_date": "2026-12-31",
            }
        )
        november = monthly_scorecard(cls.env, cls.company, 2025, 11, 68.0)
        cls.december = monthly_scorecard(cls.env, cls.company, 2025, 12, 80.0)
        scorecard_line(november, objective, 1100.0, 1000.0, 1200.0, "at_risk")
        scorecard_line(cls.december, objective, 1300.5, 1000.0, 1200.0, "achieved")
        # as in a request of the user: the context of their preferences
        preferences = cls.user.with_user(cls.user).context_get()
        cls.as_user = cls.env(user=cls.user, context=dict(preferences))

    def test_dashboard_reads_in_spanish(self):
        data = self.as_user["crm.success.dashboard"].get_dashboard_data()
        headline = data["headline"]
        self.assertEqual(headline["period"], "diciembre 2025")
        # 80 − 68 = +12 points
        self.assertEqual(
            headline["vs_previous"]["text"], "+12 pts frente a noviembre 2025"
        )
        [card] = data["cards"]
        self.assertEqual(card["kpi"], "Ingresos por ventas")
        self.assertEqual(card["status_label"], "Alcanzado")

    def test_scorecard_reads_in_spanish(self):
        scorecard = self.december.with_env(self.as_user)
        view = scorecard.get_views([(False, "form")])
        self.assertIn("Exportar XLSX", view["views"]["form"]["arch"])
        fields = view["models"]["crm.success.scorecard"]["fields"]
        self.assertEqual(fields["success_index"]["string"], "Índice de éxito")
        line = scorecard.line_ids
        self.assertEqual(line.kpi_id.name, "Ingresos por ventas")
        statuses = dict(line._fields["status"]._description_selection(line.env))
        self.assertEqual(statuses["achieved"], "Alcanzado")
        self.assertEqual(statuses["on_track"], "En buen camino")
