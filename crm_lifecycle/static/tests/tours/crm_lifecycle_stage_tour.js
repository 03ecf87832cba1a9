import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_lifecycle_stage_tour", {
    steps: () => [
        {
            content: "The shipped stages are listed in their order",
            trigger:
                ".o_list_view .o_data_row:first .o_data_cell[name=name]:contains(Prospect)",
        },
        {
            content: "Open the Advocate stage",
            trigger: ".o_data_cell[name=name]:contains(Advocate)",
            run: "click",
        },
        {
            content: "Its code is shown on the form",
            trigger: ".o_form_view .o_field_widget[name=code] input:value(advocate)",
        },
    ],
});
