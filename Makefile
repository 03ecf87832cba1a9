# One command each: `make test` (everything, on a throwaway database),
# `make demo` (database crm_success_demo with demo data), `make serve`.
PYTHON_VENV := .venv/bin/python
# every addon of the repository (a directory with a manifest)
ADDON_DIRS := $(patsubst %/__manifest__.py,%,$(wildcard */__manifest__.py))

.PHONY: setup lint format test demo serve readme pot icons screenshots wheels spreadsheet \
	replica-demo

setup:
	@bash scripts/setup_env.sh
	@bash scripts/setup_node.sh

PRETTIER := node_modules/.bin/prettier --plugin=@prettier/plugin-xml
PRETTIER_FILES := "**/*.xml" "**/*.js"

lint: setup
	.venv/bin/ruff check $(ADDON_DIRS) scripts tests
	.venv/bin/ruff format --check $(ADDON_DIRS) scripts tests
	.venv/bin/pylint --rcfile=.pylintrc-mandatory $(ADDON_DIRS)
	$(PYTHON_VENV) scripts/gen_addon_readme.py --check
	$(PYTHON_VENV) scripts/i18n.py check
	$(PYTHON_VENV) scripts/make_spreadsheet_dashboard.py --check
	$(PRETTIER) --check $(PRETTIER_FILES)

# what make lint checks and can fix itself: ruff's formatting, prettier's
format: setup
	.venv/bin/ruff format $(ADDON_DIRS) scripts tests
	$(PRETTIER) --write $(PRETTIER_FILES)

test: lint
	$(PYTHON_VENV) scripts/run_tests.py

demo: setup
	$(PYTHON_VENV) scripts/demo.py

serve: setup
	$(PYTHON_VENV) scripts/demo.py --serve

readme: setup
	$(PYTHON_VENV) scripts/gen_addon_readme.py

pot: setup
	$(PYTHON_VENV) scripts/demo.py --pot
	$(PYTHON_VENV) scripts/i18n.py update

icons: setup
	$(PYTHON_VENV) scripts/make_icons.py

# against a running demo (`make serve`, same DEMO_DB and DEMO_PORT)
screenshots: setup
	$(PYTHON_VENV) scripts/screenshots.py

# one wheel per addon (odoo-addon-<name>, built by whool) into dist/
wheels: setup
	$(PYTHON_VENV) scripts/wheels.py dist

# the CRM Success dashboard of Odoo's Dashboards app (spreadsheet_dashboard_crm_success)
spreadsheet: setup
	$(PYTHON_VENV) scripts/make_spreadsheet_dashboard.py

# Odoo with two workers and a cron worker on a PostgreSQL primary and its
# streaming replica: where the dashboard's reads and the cron's writes go
replica-demo: setup
	bash scripts/replica_demo.sh
