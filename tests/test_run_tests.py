"""The test runner's reading of Odoo logs (scripts/run_tests.py)."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "scripts"))

from run_tests import parse_odoo_log  # noqa: E402

PREFIX = "2026-11-23 00:16:55,199 8113"
RESULT = f"{PREFIX} INFO db odoo.tests.result: 1 failed, 2 error(s) of 10 tests"
SKIP = (
    f"{PREFIX} INFO db odoo.addons.crm_lifecycle.tests.test_ui: skipped "
    "test_tour (odoo.addons.crm_lifecycle.tests.test_ui.TestUi.test_tour) : "
    "websocket-client module is not installed"
)


def test_counts_failures_errors_and_passes():
    counts = parse_odoo_log(["noise", RESULT], returncode=1)
    assert (counts["passed"], counts["failed"]) == (7, 3)


def test_skipped_tests_are_not_passes():
    counts = parse_odoo_log([SKIP, RESULT], returncode=1)
    assert counts["passed"] == 6
    assert counts["skips"] == [
        ("test_tour", "websocket-client module is not installed")
    ]


def test_failed_install_without_result_line_is_a_failure():
    crash = f"{PREFIX} CRITICAL db odoo.service.server: Failed to initialize database"
    counts = parse_odoo_log([crash], returncode=1)
    assert (counts["passed"], counts["failed"]) == (0, 1)
    assert counts["problems"] == [crash]


def test_nothing_ran():
    counts = parse_odoo_log(["no tests here"], returncode=0)
    assert (counts["passed"], counts["failed"]) == (0, 0)
