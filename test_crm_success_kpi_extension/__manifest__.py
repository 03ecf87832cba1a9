# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Success Metrics: KPI extension tests",
    "summary": "Test addon: adds a built-in KPI and overrides two, as another "
    "addon would (installed by make test only)",
    "version": "18.0.1.0.0",
    "category": "Hidden/Tests",
    "website": "https://github.com/crm-success/crm-success-metrics",
    "author": "CRM Success Metrics",
    "license": "LGPL-3",
    "depends": ["crm_success_metrics"],
    "data": ["data/crm_success_kpi_data.xml"],
    "installable": True,
}
