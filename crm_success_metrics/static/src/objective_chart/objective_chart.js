import {Component, onWillStart, onWillUpdateProps, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {standardWidgetProps} from "@web/views/widgets/standard_widget_props";
import {CHART_COLORS, SuccessChart, unitTick} from "../components/success_chart";

/**
 * On the objective form: the value per closed period with the baseline and
 * the target on each period's scale drawn as goal lines (data from
 * crm.success.dashboard.get_objective_chart_data, read-only).
 */
export class ObjectiveChart extends Component {
    static template = "crm_success_metrics.ObjectiveChart";
    static components = {SuccessChart};
    static props = {...standardWidgetProps};

    setup() {
        this.orm = useService("orm");
        this.state = useState({data: null});
        onWillStart(() => this.load(this.props.record.resId));
        onWillUpdateProps((next) => {
            if (next.record.resId !== this.props.record.resId) {
                return this.load(next.record.resId);
            }
        });
    }

    async load(resId) {
        this.state.data = resId
            ? await this.orm.call("crm.success.dashboard", "get_objective_chart_data", [
                  resId,
              ])
            : {periods: []};
    }

    get chartConfig() {
        const data = this.state.data;
        const texts = [data.value_texts, data.baseline_texts, data.target_texts];
        const goalLine = (label, values, color) => ({
            label,
            data: values,
            borderColor: color,
            backgroundColor: color,
            borderDash: [6, 4],
            borderWidth: 2,
            pointRadius: 0,
            pointHitRadius: 8,
            stepped: "middle",
        });
        return () => ({
            type: "line",
            data: {
                labels: data.labels,
                datasets: [
                    {
                        label: _t("Value"),
                        data: data.values,
                        borderColor: CHART_COLORS.value,
                        backgroundColor: CHART_COLORS.value,
                        borderWidth: 2.5,
                        pointRadius: 3,
                        cubicInterpolationMode: "monotone",
                    },
                    goalLine(_t("Baseline"), data.baselines, CHART_COLORS.baseline),
                    goalLine(_t("Target"), data.targets, CHART_COLORS.target),
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                interaction: {mode: "index", intersect: false},
                plugins: {
                    legend: {position: "bottom", labels: {boxHeight: 2}},
                    tooltip: {
                        callbacks: {
                            title: (items) => data.periods[items[0].dataIndex],
                            label: (item) =>
                                `${item.dataset.label}: ${
                                    texts[item.datasetIndex][item.dataIndex]
                                }`,
                        },
                    },
                },
                scales: {
                    y: {
                        ticks: {callback: (value) => unitTick(value, data)},
                        grid: {color: CHART_COLORS.grid},
                    },
                    x: {grid: {display: false}},
                },
            },
        });
    }
}

registry.category("view_widgets").add("crm_success_objective_chart", {
    component: ObjectiveChart,
});
