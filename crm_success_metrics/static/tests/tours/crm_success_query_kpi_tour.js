import {registry} from "@web/core/registry";

// A CRM-success manager (no Settings rights) defines a query KPI in the form.
registry.category("web_tour.tours").add("crm_success_query_kpi_tour", {
    steps: () => [
        {
            content: "Create a KPI from the catalog",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            trigger: ".o_field_widget[name=name] input",
            run: "edit Tour Query KPI",
        },
        {
            trigger: ".o_field_widget[name=code] input",
            run: "edit tour_query_kpi",
        },
        {
            content: "A query KPI",
            trigger: ".o_field_widget[name=source] select",
            run: 'select "query"',
        },
        {
            content: "Only the allowed business models are offered",
            trigger: ".o_field_widget[name=model_id] input",
            run: "edit Sales Order",
        },
        {
            trigger:
                ".o-autocomplete--dropdown-item:first-child a:contains(Sales Order)",
            run: "click",
        },
        {
            content: "The date field of the chosen model",
            trigger: ".o_field_widget[name=date_field_id] input",
            run: "edit Order Date",
        },
        {
            trigger:
                ".o-autocomplete--dropdown-item:first-child a:contains(Order Date)",
            run: "click",
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
