import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_success_dashboard_tour", {
    steps: () => [
        {
            content: "The headline names the latest closed period",
            trigger:
                ".o_crm_success_headline .o_crm_success_period:contains(December 2025)",
        },
        {
            content: "It shows the success index of that period and its change",
            trigger:
                ".o_crm_success_headline:has(.o_crm_success_index:contains(80 %)):contains(+20 pts vs November 2025)",
        },
        {
            content: "The trend of the index is drawn",
            trigger: ".o_crm_success_trend_chart canvas",
        },
        {
            content: "The card names its period",
            trigger:
                ".o_crm_success_card:contains(Tour revenue) .o_crm_success_card_period:contains(December 2025)",
        },
        {
            content:
                "and shows the value in the company currency, on the period's scale",
            trigger:
                ".o_crm_success_card:contains(Tour revenue) .o_crm_success_value:contains($):contains(1,300.50)",
        },
        {
            content: "with its bounded progress and trend marks",
            trigger:
                ".o_crm_success_card:contains(Tour revenue):contains(150 %):contains(beyond target) .o_crm_success_trend_marks",
        },
        {
            content: "Open the objective",
            trigger:
                ".o_crm_success_card:contains(Tour revenue) .o_crm_success_card_title",
            run: "click",
        },
        {
            content: "Its chart of the value with the goal lines is drawn",
            trigger: ".o_form_view .o_crm_success_objective_chart canvas",
        },
        {
            content: "Back to the dashboard",
            trigger: ".o_breadcrumb a:contains(Success Dashboard)",
            run: "click",
        },
        {
            content: "Open the records behind the card's value",
            trigger: ".o_crm_success_card:contains(Tour revenue) a:contains(Records)",
            run: "click",
        },
        {
            content: "They are listed for the card's period",
            trigger: ".o_list_view, .o_view_nocontent",
        },
        {
            content: "named in the breadcrumb",
            trigger: ".o_breadcrumb:contains(December 2025)",
        },
    ],
});
