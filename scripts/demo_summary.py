# Executed by `odoo shell` on the demo database (see scripts/demo.py): runs the
# addons' computations and prints a readable summary. `env` is the shell's.
# ruff: noqa: F821

print("\nCustomer lifecycle stages")
for stage in env["crm.lifecycle.stage"].search([]):
    print(f"  {stage.code:<10} {stage.name}")
