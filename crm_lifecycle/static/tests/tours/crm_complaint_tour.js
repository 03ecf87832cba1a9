import {registry} from "@web/core/registry";

const complaintCount = (count) =>
    `button[name=action_view_complaints] .o_field_widget[name=complaint_count]:contains(${count})`;

registry.category("web_tour.tours").add("crm_complaint_from_partner_tour", {
    steps: () => [
        {
            content: "The customer has no complaint yet",
            trigger: `.o_form_view .o_field_widget[name=name]:has(input:value(Tour Grumpy Ltd))`,
        },
        {
            content: "Open its complaints with the smart button",
            trigger: complaintCount(0),
            run: "click",
        },
        {
            content: "Register a new complaint",
            trigger: ".o_list_button_add",
            run: "click",
        },
        {
            content: "The customer is filled in",
            trigger: ".o_field_widget[name=partner_id] input:value(Tour Grumpy Ltd)",
        },
        {
            content: "Pick a category",
            trigger: ".o_field_widget[name=category_id] input",
            run: "edit Delivery",
        },
        {
            content: "Select it",
            trigger: ".o-autocomplete--dropdown-item a:contains(Delivery)",
            run: "click",
        },
        {
            content: "Save the complaint",
            trigger: ".o_form_button_save",
            run: "click",
        },
        {
            content: "It got a reference",
            trigger: ".o_field_widget[name=name]:contains(CMP/)",
        },
        {
            content: "Back to the customer",
            trigger: ".o_breadcrumb .breadcrumb-item a:contains(Tour Grumpy Ltd)",
            run: "click",
        },
        {
            content: "The complaint count went up",
            trigger: complaintCount(1),
        },
    ],
});
