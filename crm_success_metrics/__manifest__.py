# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Success Metrics",
    "summary": "Objectives with frozen baselines, numeric targets and period "
    "scorecards that tell whether the CRM implementation is working",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-success/crm-success-metrics",
    "author": "CRM Success Metrics",
    "maintainers": ["crm-success"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": [
        "crm_lifecycle",
        "sale_crm",
        "survey",
        "digest",
        "hr",
        "report_xlsx",
        "account",
    ],
    "data": [
        "security/crm_success_metrics_security.xml",
        "security/ir.model.access.csv",
        "data/crm_success_kpi_data.xml",
        "data/crm_success_kpi_evidence_data.xml",
        "views/crm_success_kpi_views.xml",
        "wizard/crm_success_baseline_unlock_wizard_views.xml",
        "views/crm_service_contact_views.xml",
        "views/hr_employee_views.xml",
        "views/res_config_settings_views.xml",
        "data/account_account_tag_data.xml",
        "views/crm_success_metrics_menus.xml",
    ],
    "demo": [
        "demo/survey_demo.xml",
        "demo/crm_service_contact_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_success_metrics/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "application": True,
    "installable": True,
}
