# Executed by `odoo shell` on the demo database (see scripts/demo.py): runs the
# addons' computations and prints a readable summary. `env` is the shell's.
# ruff: noqa: F821

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

# Latest scorecard of the main company: a table here, its XLSX in the repo root.
scorecard = env["crm.success.scorecard"].search(
    [
        ("company_id", "=", env.ref("base.main_company").id),
        ("period_type", "=", "month"),
    ],
    order="date_from desc",
    limit=1,
)
if scorecard:
    print(
        f"\nScorecard {scorecard.company_id.name}, {scorecard.date_from} – "
        f"{scorecard.date_to} ({scorecard.state}), success index "
        f"{scorecard.success_index:.1f} / 100"
    )
    print(
        f"  {'Objective':<26} {'Value':>12} {'Baseline':>12} {'Target':>12}"
        f" {'Progress':>9}  Status"
    )
    labels = dict(
        env["crm.success.scorecard.line"]._fields["status"]._description_selection(env)
    )
    for line in scorecard.line_ids:
        measured = line.status not in ("no_data", "error")
        value = f"{line.value:>12,.2f}" if measured else f"{'–':>12}"
        progress = f"{line.progress_pct:>8.0f}%" if measured else f"{'–':>9}"
        print(
            f"  {line.objective_id.name[:26]:<26} {value} {line.baseline_value:>12,.2f}"
            f" {line.target_value:>12,.2f} {progress}  {labels[line.status]}"
        )
    content, _format = env["ir.actions.report"]._render_xlsx(
        "crm_success_metrics.scorecard_xlsx", scorecard.ids, None
    )
    path = f"scorecard_{scorecard.date_from}.xlsx"
    with open(path, "wb") as xlsx:
        xlsx.write(content)
    print(f"  XLSX export written to {path}")
