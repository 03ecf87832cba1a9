"""`make demo`: (re)create and summarise the demo database; `--serve`: run Odoo on it.

The demo database crm_success_demo holds both addons with their demo data.
The summary runs the addons' computations and prints what a user would see.
"""

import argparse
import subprocess
import sys

from odoo_run import ADDONS, ROOT, drop_database, odoo_command, require_postgres

DEMO_DB = "crm_success_demo"
DEMO_PORT = 8069


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


def main():
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--serve", action="store_true", help="serve the demo database")
    args = parser.parse_args()
    require_postgres()
    if args.serve:
        return serve()
    create_demo_database()
    print_summary()
    print(
        f"\nOpen it: `make serve`, then http://localhost:{DEMO_PORT} "
        f"(login admin, password admin), CRM app."
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
