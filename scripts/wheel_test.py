"""Wheel test: the addons install like OCA's, from their wheels, with no
source checkout on the addons path.

1. The addons are built into wheels (``scripts/wheels.py``, as ``make
   wheels``).
2. A fresh virtualenv is created; it sees Odoo and the Python packages of the
   project's virtualenv (one ``.pth`` line), as an Odoo installation would,
   but nothing of this repository.
3. The wheels are installed into it with pip from their directory only
   (``--no-index``): what they depend on (Odoo 18.0, ``report_xlsx``, each
   other) must already be met or be among them.
4. Odoo, run by the fresh virtualenv's Python with only Odoo's own addons on
   its addons path, installs crm_lifecycle and crm_success_metrics on a new
   database (no demo data).
5. The modules must be installed, loaded from the fresh virtualenv.

The database is dropped, pass or fail. ``scripts/run_tests.py`` (``make
test``) runs it and counts its checks; alone:

    .venv/bin/python scripts/wheel_test.py
"""

import re
import secrets
import signal
import subprocess
import sys
import sysconfig
import tempfile
import zipfile
from pathlib import Path

from odoo_run import ADDONS, drop_database, odoo_command, pg_connect
from run_tests import ODOO_PROBLEM, run_logged
from wheels import build_wheels

NAMES = ADDONS.split(",")
# Installed on the database from the wheels; a bridge module installs with
# its app, which this test has no need to install.
INSTALLED = ["crm_lifecycle", "crm_success_metrics"]


class Checks:
    """Counts the checks and prints each one's outcome."""

    def __init__(self):
        self.passed = self.failed = 0

    def check(self, ok, what):
        if ok:
            self.passed += 1
        else:
            self.failed += 1
        print(f"wheel test: {'ok  ' if ok else 'FAIL'} {what}", flush=True)
        return ok


def wheel_requirements(wheel):
    """The Requires-Dist lines of a wheel's metadata."""
    with zipfile.ZipFile(wheel) as archive:
        [metadata] = [
            n for n in archive.namelist() if n.endswith(".dist-info/METADATA")
        ]
        text = archive.read(metadata).decode()
    return re.findall(r"^Requires-Dist: (.+)$", text, re.M)


def fresh_venv(path):
    """A new virtualenv that sees the project's virtualenv packages (Odoo)."""
    subprocess.run([sys._base_executable, "-m", "venv", str(path)], check=True)
    project_site = sysconfig.get_paths()["purelib"]
    fresh_site = subprocess.run(
        [
            str(path / "bin" / "python"),
            "-c",
            "import sysconfig; print(sysconfig.get_paths()['purelib'])",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    # addsitedir, not a bare path: the project's own .pth files (Odoo's
    # editable install) must be read too
    Path(fresh_site, "project_packages.pth").write_text(
        f"import site; site.addsitedir({project_site!r})\n"
    )
    return Path(fresh_site)


def module_states(database):
    conn = pg_connect(database)
    try:
        with conn.cursor() as cr:
            cr.execute(
                "SELECT name, state FROM ir_module_module WHERE name = ANY(%s)",
                [INSTALLED],
            )
            return dict(cr.fetchall())
    finally:
        conn.close()


def run(workdir, checks):
    wheels = build_wheels(workdir / "wheels")
    built = {re.match(r"odoo_addon_(.+?)-", w.name).group(1): w for w in wheels}
    if not checks.check(
        sorted(built) == sorted(NAMES),
        f"one wheel per addon: {[w.name for w in wheels]}",
    ):
        return
    checks.check(
        any(
            r.startswith("odoo-addon-crm_lifecycle")
            for r in wheel_requirements(built["crm_success_metrics"])
        ),
        "odoo-addon-crm_success_metrics depends on odoo-addon-crm_lifecycle",
    )
    venv = workdir / "venv"
    site = fresh_venv(venv)
    pip = subprocess.run(
        [
            str(venv / "bin" / "python"),
            "-m",
            "pip",
            "install",
            "--no-index",
            *map(str, wheels),
        ],
        capture_output=True,
        text=True,
    )
    print(pip.stdout[-2000:], pip.stderr[-2000:])
    if not checks.check(
        pip.returncode == 0, "pip installs the wheels, with nothing downloaded"
    ):
        return
    for name in NAMES:
        checks.check(
            (site / "odoo" / "addons" / name / "__manifest__.py").exists(),
            f"{name} is in the fresh virtualenv",
        )
    database = f"crm_success_wheel_{secrets.token_hex(4)}"
    cmd = odoo_command(
        database,
        "--init=" + ",".join(INSTALLED),
        "--without-demo=all",
        "--stop-after-init",
        "--log-level=warn",
        "--max-cron-threads=0",
        data_dir=str(workdir / "data"),
        venv=venv,
        checkout=False,
    )
    try:
        returncode = run_logged(cmd, str(workdir / "odoo.log"))
        problems = [
            line
            for line in (workdir / "odoo.log").read_text().splitlines()
            if ODOO_PROBLEM.search(line)
        ]
        checks.check(
            returncode == 0 and not problems,
            "Odoo installs the modules without an error",
        )
        states = module_states(database)
        for name in INSTALLED:
            checks.check(
                states.get(name) == "installed",
                f"{name} installed ({states.get(name)})",
            )
    finally:
        drop_database(database)


def main():
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    checks = Checks()
    with tempfile.TemporaryDirectory(prefix="crm-success-wheel-") as workdir:
        try:
            run(Path(workdir), checks)
        except subprocess.CalledProcessError as exc:
            checks.check(False, f"{exc}")
    print(f"wheel test: {checks.passed} passed, {checks.failed} failed")
    return 1 if checks.failed else 0


if __name__ == "__main__":
    sys.exit(main())
