import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_success_drill_tour", {
    steps: () => [
        {
            content: "Open the February scorecard",
            trigger: ".o_data_row .o_data_cell:contains(February 2026)",
            run: "click",
        },
        {
            content: "Open the records behind the orders line",
            trigger:
                ".o_field_widget[name=line_ids] .o_data_row:contains(Drill orders) button[name=action_drill_numerator]:visible",
            run: "click",
        },
        {
            content: "The list is named after the records, the KPI and the period",
            trigger:
                ".o_breadcrumb:contains(Purchases behind Orders):contains(February 2026)",
        },
        {
            content: "It lists the three purchases the line counts, no more",
            trigger:
                ".o_list_renderer:has(.o_data_row:eq(2)):not(:has(.o_data_row:eq(3)))",
        },
    ],
});
