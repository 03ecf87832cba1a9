# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Customer Lifecycle",
    "summary": "Customer lifecycle stages with history, referrals, complaints, "
    "customer intimacy and RFM/Pareto portfolio analysis",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-success/crm-success-metrics",
    "author": "CRM Success Metrics",
    "maintainers": ["crm-success"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["crm", "sale_management", "hr", "contacts", "utm"],
    "data": [
        "security/crm_lifecycle_security.xml",
        "security/ir.model.access.csv",
        "security/crm_lifecycle_rules.xml",
        "data/crm_lifecycle_stage_data.xml",
        "data/crm_acquisition_channel_data.xml",
        "data/ir_cron_data.xml",
        "views/crm_lifecycle_stage_views.xml",
        "views/crm_acquisition_channel_views.xml",
        "views/crm_lifecycle_history_views.xml",
        "views/crm_lifecycle_report_views.xml",
        "views/res_partner_views.xml",
        "views/crm_lead_views.xml",
        "views/res_config_settings_views.xml",
        "data/crm_complaint_data.xml",
        "data/mail_activity_type_data.xml",
        "views/crm_complaint_views.xml",
        "views/hr_employee_views.xml",
        "views/crm_lifecycle_menus.xml",
    ],
    "demo": [
        "demo/crm_complaint_demo.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_lifecycle/static/tests/tours/*.js",
        ],
    },
    "post_init_hook": "post_init_hook",
    "installable": True,
}
