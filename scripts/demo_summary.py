# Executed by `odoo shell` on the demo database (see scripts/demo.py): runs the
# addons' computations and prints a readable summary. `env` is the shell's.
# ruff: noqa: F821

env["res.partner"].lifecycle_recompute_all()
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
