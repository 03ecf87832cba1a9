"""`make demo`: (re)create and summarise the demo database; `--serve`: run Odoo on it.

`--pot` (`make pot`) regenerates the addons' translation templates from it.

The demo database holds both addons with their demo data: crm_success_demo
on port 8069, or the database and port named by the environment variables
DEMO_DB and DEMO_PORT (e.g. `DEMO_DB=my_demo DEMO_PORT=8070 make serve`).
The summary runs the addons' computations and prints what a user would see.
"""

import argparse
import os
import subprocess
import sys

from odoo_run import ADDONS, ROOT, drop_database, odoo_command, require_postgres

DEMO_DB = os.environ.get("DEMO_DB") or "crm_success_demo"
DEMO_PORT = int(os.environ.get("DEMO_PORT") or 8069)


def create_demo_database():
    drop_database(DEMO_DB)
    print(f"Creating database {DEMO_DB} with {ADDONS} and demo data (a few minutes)…")
    cmd = odoo_command(
        DEMO_DB,
        f"--init={ADDONS}",
        "--stop-after-init",
        "--max-cron-threads=0",
        "--log-level=warn",
        "--without-demo=",
    )
    if subprocess.run(cmd, cwd=ROOT, check=False).returncode:
        drop_database(DEMO_DB)  # never leave a half-created database
        sys.exit("error: installing the addons on the demo database failed")


def print_summary():
    cmd = odoo_command(DEMO_DB, "--no-http", "--log-level=warn", subcommand="shell")
    with open(ROOT / "scripts" / "demo_summary.py") as script:
        result = subprocess.run(cmd, cwd=ROOT, stdin=script, check=False)
    if result.returncode:
        sys.exit("error: the demo summary failed")


def serve():
    print(f"Odoo on http://localhost:{DEMO_PORT} (database {DEMO_DB}, admin/admin)")
    cmd = odoo_command(DEMO_DB, http_port=DEMO_PORT)
    return subprocess.run(cmd, cwd=ROOT, check=False).returncode


def export_pot_files():
    """Regenerate each addon's i18n/<addon>.pot from the demo database."""
    for addon in ADDONS.split(","):
        pot = ROOT / addon / "i18n" / f"{addon}.pot"
        pot.parent.mkdir(exist_ok=True)  # a new addon has no i18n/ yet
        cmd = odoo_command(
            DEMO_DB,
            f"--i18n-export={pot}",
            f"--modules={addon}",
            "--stop-after-init",
            "--log-level=warn",
        )
        if subprocess.run(cmd, cwd=ROOT, check=False).returncode:
            sys.exit(f"error: exporting {pot} failed (run `make demo` first)")
    return 0


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serve", action="store_true", help="serve the demo database")
    parser.add_argument(
        "--pot", action="store_true", help="export the addons' .pot files from it"
    )
    args = parser.parse_args()
    require_postgres()
    if args.serve:
        return serve()
    if args.pot:
        return export_pot_files()
    create_demo_database()
    print_summary()
    print(
        f"\nOpen it: `make serve`, then http://localhost:{DEMO_PORT} "
        f"(login admin, password admin), CRM app."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
