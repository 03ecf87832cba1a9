# License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
{
    "name": "CRM Success Metrics: Live Chat",
    "summary": "Live-chat sessions are service contacts on the Chat channel: "
    "counted in the channel mix, escalation and service KPIs",
    "version": "18.0.1.0.0",
    "category": "Sales/CRM",
    "website": "https://github.com/crm-success/crm-success-metrics",
    "author": "CRM Success Metrics",
    "maintainers": ["crm-success"],
    "license": "LGPL-3",
    "development_status": "Alpha",
    "depends": ["crm_success_metrics", "im_livechat"],
    "data": ["views/crm_service_contact_views.xml"],
    "post_init_hook": "post_init_hook",
    "auto_install": True,
    "installable": True,
}
