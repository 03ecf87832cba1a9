import {Component, onWillStart, useState} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {registry} from "@web/core/registry";
import {useService} from "@web/core/utils/hooks";
import {Layout} from "@web/search/layout";
import {standardActionServiceProps} from "@web/webclient/actions/action_service";
import {CHART_COLORS, SuccessChart} from "../components/success_chart";
import {TrendMarks} from "../components/trend_marks";

/**
 * The success dashboard: the company's success index for its latest closed
 * period (changes, perspectives, 12-period trend) above one card per
 * objective. Everything comes from one read-only server call,
 * crm.success.dashboard.get_dashboard_data, formatted there.
 */
export class SuccessDashboard extends Component {
    static template = "crm_success_metrics.SuccessDashboard";
    static components = {Layout, SuccessChart, TrendMarks};
    static props = {...standardActionServiceProps};

    setup() {
        this.orm = useService("orm");
        this.action = useService("action");
        this.state = useState({data: null});
        onWillStart(async () => {
            this.state.data = await this.orm.call(
                "crm.success.dashboard",
                "get_dashboard_data",
                []
            );
        });
    }

    get trendConfig() {
        const trend = this.state.data.headline.trend;
        return () => ({
            type: "line",
            data: {
                labels: trend.labels,
                datasets: [
                    {
                        label: _t("Success index"),
                        data: trend.values,
                        borderColor: CHART_COLORS.value,
                        backgroundColor: "rgba(1, 126, 132, 0.12)",
                        fill: "origin",
                        cubicInterpolationMode: "monotone",
                        pointRadius: 3,
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                plugins: {
                    legend: {display: false},
                    tooltip: {
                        callbacks: {
                            title: (items) => trend.periods[items[0].dataIndex],
                            label: (item) => `${Math.round(item.raw)} %`,
                        },
                    },
                },
                scales: {
                    y: {
                        min: 0,
                        max: 100,
                        ticks: {stepSize: 25, callback: (value) => `${value} %`},
                        grid: {color: CHART_COLORS.grid},
                    },
                    x: {grid: {display: false}},
                },
            },
        });
    }

    sparklineConfig(card) {
        const spark = card.sparkline;
        return () => ({
            type: "line",
            data: {
                labels: spark.periods,
                datasets: [
                    {
                        label: _t("Value"),
                        data: spark.values,
                        borderColor: CHART_COLORS.value,
                        borderWidth: 2,
                        pointRadius: 0,
                        pointHitRadius: 6,
                        cubicInterpolationMode: "monotone",
                    },
                    {
                        label: _t("Target"),
                        data: spark.targets,
                        borderColor: CHART_COLORS.target,
                        borderDash: [4, 3],
                        borderWidth: 1.5,
                        pointRadius: 0,
                        pointHitRadius: 6,
                    },
                ],
            },
            options: {
                maintainAspectRatio: false,
                animation: false,
                layout: {padding: 2},
                plugins: {
                    legend: {display: false},
                    tooltip: {
                        callbacks: {
                            label: (item) =>
                                item.datasetIndex === 0
                                    ? `${_t("Value")}: ${
                                          spark.value_texts[item.dataIndex]
                                      }`
                                    : `${_t("Target")}: ${
                                          spark.target_texts[item.dataIndex]
                                      }`,
                        },
                    },
                },
                scales: {x: {display: false}, y: {display: false}},
            },
        });
    }

    hasValues(card) {
        return card.sparkline.values.some((value) => value !== null);
    }

    /** Width of the progress bar: full beyond the target, a sliver below the
     * baseline so that the status colour always shows. */
    barWidth(progress) {
        if (progress.shown === null) {
            return 0;
        }
        return Math.max(4, Math.min(100, progress.shown));
    }

    changeClass(change) {
        return {good: "text-success", bad: "text-danger"}[change.tone] || "text-muted";
    }

    changeSymbol(change) {
        return {good: "▲", bad: "▼", neutral: "="}[change.tone] || "";
    }

    openObjective(card) {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "crm.success.objective",
            res_id: card.id,
            views: [[false, "form"]],
        });
    }

    /** The records behind the value (the scorecard line's drill-down). */
    async openRecords(card, method) {
        const action = await this.orm.call("crm.success.scorecard.line", method, [
            [card.line_id],
        ]);
        if (action) {
            await this.action.doAction(action);
        }
    }

    newObjective() {
        this.action.doAction({
            type: "ir.actions.act_window",
            res_model: "crm.success.objective",
            views: [[false, "form"]],
        });
    }

    openScorecards() {
        this.action.doAction("crm_success_metrics.crm_success_scorecard_action");
    }
}

registry.category("actions").add("crm_success_metrics.dashboard", SuccessDashboard);
