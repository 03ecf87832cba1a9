import {Component} from "@odoo/owl";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";

const TONE_CLASSES = {
    good: "text-success",
    bad: "text-danger",
    neutral: "text-muted",
    none: "text-muted opacity-50",
};

/**
 * The trend of the last three closed periods, each against the one before:
 * ▲ ▼ = coloured good or bad in the KPI's direction (rule in engine/noise.py;
 * marks, colours and tooltips come from the server).
 */
export class TrendMarks extends Component {
    static template = "crm_success_metrics.TrendMarks";
    static props = {marks: Array};

    toneClass(mark) {
        return TONE_CLASSES[mark.tone] || "";
    }
}

export class TrendMarksField extends Component {
    static template = "crm_success_metrics.TrendMarksField";
    static components = {TrendMarks};
    static props = {...standardFieldProps};

    get marks() {
        return this.props.record.data[this.props.name] || [];
    }
}

registry.category("fields").add("crm_success_trend_marks", {
    component: TrendMarksField,
    supportedTypes: ["json"],
});
