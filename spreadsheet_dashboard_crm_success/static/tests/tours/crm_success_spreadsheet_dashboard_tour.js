/** @odoo-module **/
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {registry} from "@web/core/registry";

// The dashboard opens without an error (a tour fails on any console error),
// with its period filter and its charts.
registry.category("web_tour.tours").add("crm_success_spreadsheet_dashboard_tour", {
    steps: () => [
        {
            content: "Open the CRM Success dashboard",
            trigger: ".o_search_panel_category_value[data-name='CRM Success']",
            run: "click",
        },
        {
            content: "The live dashboard, not the sample, with its period filter",
            trigger:
                ".o_spreadsheet_dashboard_action:not(:has(.o-sample-dashboard)) .o_filter_value_container:contains('Period')",
        },
        {
            content: "The charts are drawn",
            trigger: ".o_spreadsheet_dashboard_action .o-figure canvas",
        },
    ],
});
