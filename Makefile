# One command each: `make test` (everything, on a throwaway database),
# `make demo` (database crm_success_demo with demo data), `make serve`.
PYTHON_VENV := .venv/bin/python
ADDON_DIRS := crm_lifecycle crm_success_metrics test_crm_success_kpi_extension crm_success_metrics_sale_margin

.PHONY: setup lint test demo serve readme pot icons screenshots

setup:
	@bash scripts/setup_env.sh

lint: setup
	.venv/bin/ruff check $(ADDON_DIRS) scripts tests
	.venv/bin/ruff format --check $(ADDON_DIRS) scripts tests
	.venv/bin/pylint --rcfile=.pylintrc-mandatory $(ADDON_DIRS)
	$(PYTHON_VENV) scripts/gen_addon_readme.py --check

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

icons: setup
	$(PYTHON_VENV) scripts/make_icons.py

# against a running demo (`make serve`, same DEMO_DB and DEMO_PORT)
screenshots: setup
	$(PYTHON_VENV) scripts/screenshots.py
