# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Success Metrics: Sales Margin",
    "summary": "The margin of a value proposition's segment, from Sales Margin",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-success/crm-success-metrics",
    "author": "CRM Success Metrics",
    "maintainers": ["crm-success"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["crm_success_metrics", "sale_margin"],
    "data": ["data/crm_success_kpi_data.xml"],
    "auto_install": True,
    "installable": True,
}
