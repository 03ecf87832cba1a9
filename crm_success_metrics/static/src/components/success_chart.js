import {Component, onWillStart, useEffect, useRef} from "@odoo/owl";
import {loadBundle} from "@web/core/assets";
import {humanNumber} from "@web/core/utils/numbers";

/**
 * A Chart.js canvas, loaded the way Odoo's graph view loads it (the lazy
 * "web.chartjs_lib" bundle). `config` returns the Chart.js configuration;
 * the chart is drawn again when it changes and destroyed with the component.
 */
export class SuccessChart extends Component {
    static template = "crm_success_metrics.SuccessChart";
    static props = {
        config: Function,
        label: {type: String, optional: true},
        class: {type: String, optional: true},
    };

    setup() {
        this.canvasRef = useRef("canvas");
        onWillStart(() => loadBundle("web.chartjs_lib"));
        useEffect(
            () => {
                const chart = new Chart(this.canvasRef.el, this.props.config());
                return () => chart.destroy();
            },
            () => [this.props.config]
        );
    }
}

// Colours of the series: the value, and the goal lines drawn dashed.
export const CHART_COLORS = {
    value: "#017e84",
    target: "#28a745",
    baseline: "#8f8f8f",
    grid: "rgba(0, 0, 0, 0.06)",
};

function durationTick(seconds) {
    const size = Math.abs(seconds);
    if (size >= 86400) {
        return `${humanNumber(seconds / 86400, {decimals: 1})} d`;
    }
    if (size >= 3600) {
        return `${humanNumber(seconds / 3600, {decimals: 1})} h`;
    }
    if (size >= 60) {
        return `${Math.round(seconds / 60)} min`;
    }
    return `${Math.round(seconds)} s`;
}

/**
 * A short axis label for a number in a KPI's unit ("$ 35k", "12 %", "5 min").
 * The exact figures come formatted by the server; ticks only need to be read.
 */
export function unitTick(value, {unit, currency_symbol, currency_position}) {
    // "35k" rather than "35.0k"; "2.5" customers keep their decimal
    const decimals = Math.abs(value) >= 1000 || Number.isInteger(value) ? 0 : 1;
    const number = humanNumber(value, {decimals});
    switch (unit) {
        case "currency":
            return currency_position === "after"
                ? `${number} ${currency_symbol}`
                : `${currency_symbol} ${number}`;
        case "percent":
            return `${number} %`;
        case "seconds":
            return durationTick(value);
        case "hours":
            return durationTick(value * 3600);
        case "days":
            return `${number} d`;
        default:
            return number;
    }
}
