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
        "views/crm_lifecycle_stage_views.xml",
        "views/crm_lifecycle_menus.xml",
    ],
    "assets": {
        "web.assets_tests": [
            "crm_lifecycle/static/tests/tours/*.js",
        ],
    },
    "installable": True,
}
