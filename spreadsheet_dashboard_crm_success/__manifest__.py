# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "Spreadsheet dashboard for CRM Success",
    "summary": "The CRM Success dashboard in Odoo's Dashboards app: success "
    "indices, objectives by status, lifecycle funnel and KPI trends",
    "version": "18.0.1.0.0",
    "category": "Productivity/Dashboard",
    "website": "https://github.com/crm-success/crm-success-metrics",
    "author": "CRM Success Metrics",
    "maintainers": ["crm-success"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["spreadsheet_dashboard", "crm_success_metrics"],
    "data": ["data/dashboards.xml"],
    "assets": {
        "web.assets_tests": [
            "spreadsheet_dashboard_crm_success/static/tests/tours/*.js",
        ],
    },
    "auto_install": True,
    "installable": True,
}
