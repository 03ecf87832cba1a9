import {registry} from "@web/core/registry";

registry.category("web_tour.tours").add("crm_success_scorecard_tour", {
    steps: () => [
        {
            content: "The dashboard shows the objective card with its status",
            trigger: ".o_crm_success_card:contains(Tour orders):contains(Off Track)",
        },
        {
            content: "Open the Success menu",
            trigger: ".o_menu_sections button:contains(Success)",
            run: "click",
        },
        {
            content: "Go to the scorecards",
            trigger: ".dropdown-item:contains(Scorecards)",
            run: "click",
        },
        {
            content: "Open the February scorecard, named by its period",
            trigger: ".o_data_row .o_data_cell:contains(February 2026)",
            run: "click",
        },
        {
            content: "Its line carries a coloured status badge",
            trigger:
                ".o_field_widget[name=line_ids] .badge.text-bg-danger:contains(Off Track)",
        },
        {
            content: "Its progress bar takes the status colour",
            trigger:
                ".o_field_widget[name=line_ids] .o_crm_success_progress.text-danger",
        },
        {
            content: "Its trend marks: no earlier month to compare with",
            trigger:
                ".o_field_widget[name=line_ids] .o_crm_success_trend_marks:contains(···)",
        },
        {
            content: "Lock it",
            trigger: ".o_statusbar_buttons button[name=action_lock]",
            run: "click",
        },
        {
            content: "Confirm",
            trigger: ".modal-footer .btn-primary",
            run: "click",
        },
        {
            content: "The scorecard is locked",
            trigger: ".o_statusbar_status .o_arrow_button_current:contains(Locked)",
        },
    ],
});
