# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Success Metrics - Mass Mailing",
    "summary": "Mailing response (sent, opened, clicked, replied, converted) "
    "and mailing KPIs for the CRM success scorecards",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-success/crm-success-metrics",
    "author": "CRM Success Metrics",
    "maintainers": ["crm-success"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["crm_success_metrics", "mass_mailing"],
    "data": [
        "security/ir.model.access.csv",
        "security/crm_success_metrics_mass_mailing_security.xml",
        "data/crm_success_kpi_mailing_data.xml",
        "views/crm_mailing_report_views.xml",
    ],
    "demo": ["demo/crm_success_mailing_demo.xml"],
    "auto_install": True,
    "installable": True,
}
