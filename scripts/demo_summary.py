# Executed by `odoo shell` on the demo database (see scripts/demo.py): runs the
# addons' computations and prints a readable summary. `env` is the shell's.
# ruff: noqa: F821
from odoo.addons.crm_success_metrics.engine.display import progress_text

env["res.partner"]._lifecycle_recompute_all()
stage_counts = dict(
    env["res.partner"]._read_group(
        [("lifecycle_stage_id", "!=", False), ("is_company", "=", True)],
        ["lifecycle_stage_id"],
        ["__count"],
    )
)
print("\nCustomer lifecycle stages (companies)")
for stage in env["crm.lifecycle.stage"].search([]):
    print(f"  {stage.code:<10} {stage.name:<10} {stage_counts.get(stage, 0):>4}")


# The two latest monthly scorecards of the main company: the headline, then
# the latest as a table here and its XLSX in the repo root.
company = env.ref("base.main_company")
scorecards = env["crm.success.scorecard"].search(
    [("company_id", "=", company.id), ("period_type", "=", "month")],
    order="date_from desc",
    limit=2,
)
latest, previous = scorecards[:1], scorecards[1:]
if latest:
    month = latest.name  # the period, as the screens name it
    change = ""
    if previous:
        points = latest.success_index - previous.success_index
        arrow = "▲" if points > 0 else "▼" if points < 0 else "="
        change = f" ({arrow} {points:+.0f} points vs {previous.name})"
    print(f"\nSuccess index, {month}: {latest.success_index:.0f} %{change}")
    print(
        f"\nScorecard {latest.company_id.name}, {month} ({latest.state})\n"
        f"  {'Objective':<36} {'Value':>13} {'Baseline':>13} {'Target':>13}"
        f" {'Progress':>9}  Status"
    )
    labels = dict(
        env["crm.success.scorecard.line"]._fields["status"]._description_selection(env)
    )
    currency = company.currency_id
    for line in latest.line_ids:
        # the units the screens show (crm.success.kpi._format_value)
        measured = line.status not in ("no_data", "error")
        shown = line.kpi_id._format_value
        value = shown(line.value if measured else None, currency)
        progress = progress_text(line.progress_pct) if measured else "—"
        print(
            f"  {line.objective_id.name[:36]:<36} {value:>13}"
            f" {shown(line.baseline_value, currency):>13}"
            f" {shown(line.target_value, currency):>13} {progress:>9}"
            f"  {labels[line.status]}"
            + (f"  ⚠ {line.tradeoff_warning}" if line.tradeoff_warning else "")
        )
    content, _format = env["ir.actions.report"]._render_xlsx(
        "crm_success_metrics.scorecard_xlsx", latest.ids, None
    )
    path = f"scorecard_{latest.date_from}.xlsx"
    with open(path, "wb") as xlsx:
        xlsx.write(content)
    print(f"  XLSX export written to {path}")
