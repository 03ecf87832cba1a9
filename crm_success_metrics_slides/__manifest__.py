# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Success Metrics: eLearning",
    "summary": "Training completion of the CRM users on the eLearning courses "
    "chosen in the settings, as a CRM success KPI",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-success/crm-success-metrics",
    "author": "CRM Success Metrics",
    "maintainers": ["crm-success"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["crm_success_metrics", "website_slides"],
    "data": [
        "data/crm_success_kpi_training_data.xml",
        "views/res_config_settings_views.xml",
    ],
    "demo": ["demo/crm_success_training_demo.xml"],
    "post_init_hook": "post_init_hook",
    "auto_install": True,
    "installable": True,
}
