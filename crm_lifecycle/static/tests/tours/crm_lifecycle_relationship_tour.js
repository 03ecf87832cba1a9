import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_lifecycle_relationship_tour", {
    steps: () => [
        {
            content: "Open the Relationship tab of the customer",
            trigger: ".o_notebook .nav-link:contains(Relationship)",
            run: "click",
        },
        {
            content: "The stage is shown as a badge",
            trigger: ".o_field_widget[name=lifecycle_stage_id]:contains(Repeat)",
        },
        {
            content: "The purchases are counted",
            trigger: ".o_field_widget[name=order_count]:contains(2)",
        },
        {
            content: "The history lists both stage changes",
            trigger:
                ".o_field_widget[name=lifecycle_history_ids] .o_data_row:nth-child(2) .o_data_cell[name=stage_to_id]:contains(New)",
        },
    ],
});
