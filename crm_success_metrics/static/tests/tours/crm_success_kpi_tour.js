import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_success_kpi_tour", {
    steps: () => [
        {
            content: "Create a KPI from the catalog",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour KPI",
        },
        {
            trigger: ".o_field_widget[name=code] input",
            run: "edit tour_kpi",
        },
        {
            content: "A built-in KPI needs its handler",
            trigger: ".o_field_widget[name=handler] select",
            run: 'select "orders_count"',
        },
        {
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "The KPI is saved",
            trigger: ".o_form_saved",
        },
    ],
});
