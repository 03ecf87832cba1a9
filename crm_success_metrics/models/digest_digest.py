# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
from datetime import timedelta

from odoo import fields, models
from odoo.exceptions import AccessError, UserError
from odoo.tools.misc import formatLang


class DigestDigest(models.Model):
    _inherit = "digest.digest"

    kpi_crm_success_index = fields.Boolean("CRM Success Index")
    kpi_crm_success_index_value = fields.Float(
        compute="_compute_kpi_crm_success_index_value"
    )
    kpi_crm_new_customers = fields.Boolean("New Customers")
    kpi_crm_new_customers_value = fields.Integer(
        compute="_compute_kpi_crm_new_customers_value"
    )
    kpi_crm_nps = fields.Boolean("Net Promoter Score")
    kpi_crm_nps_value = fields.Integer(compute="_compute_kpi_crm_nps_value")
    kpi_crm_complaints = fields.Boolean("Complaints Received")
    kpi_crm_complaints_value = fields.Integer(
        compute="_compute_kpi_crm_complaints_value"
    )

    def _compute_kpi_crm_success_index_value(self):
        """Success index of the latest scorecard started before the digest's end."""
        self._check_crm_success_group(
            "crm_success_metrics.crm_success_metrics_group_user"
        )
        _start, end, companies = self._get_kpi_compute_parameters()
        latest = self._crm_success_latest_scorecards(companies, end)
        for digest in self:
            company = digest.company_id or self.env.company
            digest.kpi_crm_success_index_value = latest.get(
                company, self.env["crm.success.scorecard"]
            ).success_index

    def _crm_success_latest_scorecards(self, companies, end):
        """{company: its latest scorecard started before ``end``}."""
        scorecards = self.env["crm.success.scorecard"].search(
            [("company_id", "in", companies.ids), ("date_from", "<", end)],
            order="date_to desc, date_from desc",
        )
        latest = {}
        for scorecard in scorecards:
            latest.setdefault(scorecard.company_id, scorecard)
        return latest

    def _compute_kpis(self, company, user):
        """The success index reads "89 %" (not 89.00) and names the period of
        its scorecard: "CRM Success Index (November 2026)"."""
        kpis = super()._compute_kpis(company, user)
        for kpi in kpis:
            if kpi["kpi_name"] == "kpi_crm_success_index":
                self.with_user(user).with_company(company)._crm_success_index_texts(
                    kpi, company
                )
        return kpis

    def _crm_success_index_texts(self, kpi, company):
        for col in ("kpi_col1", "kpi_col2", "kpi_col3"):
            if "value" in kpi[col]:
                kpi[col]["value"] = self.env._(
                    "%(index)s %%",
                    index=formatLang(self.env, float(kpi[col]["value"]), digits=0),
                )
        scorecard = self._crm_success_latest_scorecards(
            company, fields.Datetime.now()
        ).get(company)
        if scorecard:
            kpi["kpi_fullname"] = self.env._(
                "%(kpi)s (%(period)s)", kpi=kpi["kpi_fullname"], period=scorecard.name
            )

    def _compute_kpi_crm_new_customers_value(self):
        self._check_crm_success_group("sales_team.group_sale_salesman")
        kpis = self.env["crm.success.kpi"]
        for digest, company, date_from, date_to in self._crm_success_periods():
            result = kpis._kpi_new_customers(date_from, date_to, company)
            digest.kpi_crm_new_customers_value = result["value"]

    def _compute_kpi_crm_nps_value(self):
        self._check_crm_success_group(
            "crm_success_metrics.crm_success_metrics_group_user"
        )
        kpis = self.env["crm.success.kpi"]
        for digest, company, date_from, date_to in self._crm_success_periods():
            try:
                value = kpis._kpi_nps(date_from, date_to, company)["value"]
            except UserError:  # no NPS question configured: no line to show
                value = 0
            digest.kpi_crm_nps_value = round(value or 0)

    def _compute_kpi_crm_complaints_value(self):
        self._check_crm_success_group("crm_lifecycle.crm_lifecycle_group_user")
        self._calculate_company_based_kpi(
            "crm.complaint", "kpi_crm_complaints_value", date_field="date_received"
        )

    def _compute_kpis_actions(self, company, user):
        res = super()._compute_kpis_actions(company, user)
        menu = self.env.ref("crm.crm_menu_root").id
        res["kpi_crm_success_index"] = (
            f"crm_success_metrics.crm_success_scorecard_action?menu_id={menu}"
        )
        res["kpi_crm_complaints"] = f"crm_lifecycle.crm_complaint_action?menu_id={menu}"
        return res

    def _check_crm_success_group(self, group):
        if not self.env.user.has_group(group):
            raise AccessError(
                self.env._("Do not have access, skip this data for user's digest email")
            )

    def _crm_success_periods(self):
        """(digest, company, first day, last day) of the digest's period: the
        calendar days from its start up to the day before its end."""
        start, end, _companies = self._get_kpi_compute_parameters()
        date_from = fields.Datetime.to_datetime(start).date()
        date_to = max(
            fields.Datetime.to_datetime(end).date() - timedelta(days=1), date_from
        )
        for digest in self:
            yield digest, digest.company_id or self.env.company, date_from, date_to
