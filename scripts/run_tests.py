"""Run every test of the repository and print a `N passed, M failed` summary.

Odoo tests (at_install and post_install, browser tours included) run on a
throwaway database that is dropped at the end, pass or fail; then the
upgrade test (scripts/upgrade_test.py) upgrades a database of the previous
release, the wheel test (scripts/wheel_test.py) installs the addons from
their wheels, the replica demonstration (scripts/replica_demo.sh) checks
where a streaming replica's and the primary's statements go, and the
repository-level pytest suite in tests/ runs. Exit status is non-zero on
any failure, when no test ran, or when a test was skipped (Odoo
silently skips browser tours when Chromium or websocket-client is missing).
"""

import os
import re
import secrets
import shutil
import signal
import subprocess
import sys
import tempfile

from odoo_run import (
    ADDONS,
    ROOT,
    TEST_ADDONS,
    VENV,
    drop_database,
    free_port,
    odoo_command,
    require_postgres,
)

ODOO_RESULT = re.compile(
    r"odoo\.tests\.result: (\d+) failed, (\d+) error\(s\) of (\d+) tests"
)
ODOO_SKIP = re.compile(r": skipped (\S+) .* : (.*)$")
ODOO_PROBLEM = re.compile(r"^\S+ \S+ \d+ (ERROR|CRITICAL) ")
SCRIPT_RESULT = r"^%s test: (\d+) passed, (\d+) failed$"
PYTEST_COUNT = re.compile(r"(\d+) (passed|failed|error|errors|skipped)\b")


def run_logged(cmd, log_path):
    """Run a command, echoing its output and keeping a copy in log_path."""
    with (
        open(log_path, "w") as log,
        subprocess.Popen(
            cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, cwd=ROOT
        ) as proc,
    ):
        for line in proc.stdout:
            sys.stdout.write(line)
            log.write(line)
    return proc.returncode


def run_odoo_tests(workdir):
    """Install the addons with tests on a fresh database; return the counts."""
    database = f"crm_success_test_{secrets.token_hex(4)}"
    tested = f"{ADDONS},{TEST_ADDONS}"
    tags = ",".join(f"/{name}" for name in tested.split(","))
    cmd = odoo_command(
        database,
        # hr_contract is optional for the addons; installed so that the tests
        # of its integration (hire dates from contracts) run too
        f"--init={tested},hr_contract",
        "--test-enable",
        f"--test-tags={tags}",
        "--stop-after-init",
        "--log-level=info",
        "--log-handler=werkzeug:WARNING",
        "--max-cron-threads=0",
        data_dir=f"{workdir}/data",
        http_port=free_port(),
    )
    log_path = f"{workdir}/odoo.log"
    try:
        returncode = run_logged(cmd, log_path)
    finally:
        drop_database(database)
    with open(log_path) as log:
        return parse_odoo_log(log.read().splitlines(), returncode)


def parse_odoo_log(lines, returncode):
    """Counts of an Odoo test run from its log lines and exit status."""
    results = [m for m in map(ODOO_RESULT.search, lines) if m]
    skips = [m.groups() for m in map(ODOO_SKIP.search, lines) if m]
    failed, errors, total = map(int, results[-1].groups()) if results else (0, 0, 0)
    failed += errors
    if returncode and not failed:
        failed = 1  # e.g. the addons did not install: no result line at all
    return {
        "passed": max(total - failed - len(skips), 0),
        "failed": failed,
        "skips": skips,
        "problems": [line for line in lines if ODOO_PROBLEM.search(line)],
    }


def run_script_test(workdir, name, command=None):
    """Run scripts/<name>_test.py (or ``command``), which ends with the line
    ``<name> test: N passed, M failed``; the counts of its checks."""
    log_path = f"{workdir}/{name}.log"
    script = str(ROOT / "scripts" / f"{name}_test.py")
    command = command or [str(VENV / "bin" / "python"), "-u", script]
    returncode = run_logged(command, log_path)
    with open(log_path) as log:
        result = re.search(SCRIPT_RESULT % name, log.read(), re.M)
    passed, failed = map(int, result.groups()) if result else (0, 0)
    if returncode and not failed:
        failed = 1  # e.g. the previous release is not in the clone
    return {"passed": passed, "failed": failed}


def run_pytest():
    proc = subprocess.run(
        [str(VENV / "bin" / "python"), "-m", "pytest", "-q", "tests"],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    print(proc.stdout, proc.stderr)
    counts = {"passed": 0, "failed": 0, "skipped": 0}
    tail = proc.stdout.strip().splitlines()[-1:] or [""]
    for number, word in PYTEST_COUNT.findall(tail[0]):
        key = "failed" if word.startswith("error") else word
        counts[key] += int(number)
    if proc.returncode not in (0, 5) and not counts["failed"]:
        counts["failed"] = 1  # collection or usage error
    return counts


def missing_browser_parts():
    missing = []
    if not (shutil.which("chromium") or shutil.which("google-chrome")):
        missing.append("Chromium (Debian package 'chromium')")
    try:
        import websocket  # noqa: F401  pylint: disable=unused-import
    except ImportError:
        missing.append("the Python package 'websocket-client'")
    return missing


def main():
    # SIGTERM (e.g. a CI timeout) unwinds like Ctrl-C, so the database is dropped.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    require_postgres()
    with tempfile.TemporaryDirectory(prefix="crm-success-test-") as workdir:
        odoo = run_odoo_tests(workdir)
        scripts = [run_script_test(workdir, name) for name in ("upgrade", "wheel")]
        # the scale-out demonstration, on ports of its own
        os.environ.update(
            PRIMARY_PORT=str(free_port()),
            REPLICA_PORT=str(free_port()),
            HTTP_PORT=str(free_port()),
        )
        replica = ["bash", str(ROOT / "scripts" / "replica_demo.sh")]
        scripts.append(run_script_test(workdir, "replica", replica))
    unit = run_pytest()
    parts = [odoo, *scripts, unit]
    passed = sum(part["passed"] for part in parts)
    failed = sum(part["failed"] for part in parts)
    skipped = len(odoo["skips"]) + unit["skipped"]
    problems = []
    for line in odoo["problems"]:
        problems.append(f"error logged by Odoo: {line}")
    for test, reason in odoo["skips"]:
        problems.append(f"skipped: {test}: {reason}")
    if odoo["skips"] and missing_browser_parts():
        problems.append("browser tests need " + " and ".join(missing_browser_parts()))
    if passed + failed == 0:
        problems.append("no test ran")
    print("\n".join(problems))
    summary = f"{passed} passed, {failed} failed"
    print(summary + (f", {skipped} skipped" if skipped else ""))
    return 1 if failed or skipped or problems else 0


if __name__ == "__main__":
    sys.exit(main())
