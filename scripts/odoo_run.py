"""Shared helpers of the project's scripts: Odoo command line and PostgreSQL checks.

Run with the project's virtualenv Python (see scripts/setup_env.sh).
"""

import os
import socket
import sys
from pathlib import Path

import psycopg2

ROOT = Path(__file__).resolve().parent.parent
VENV = Path(os.environ.get("VENV", ROOT / ".venv"))
# The addons of the repository (a directory with a manifest), but the test-only
# ones (test_*).
ADDONS = ",".join(
    sorted(
        path.parent.name
        for path in ROOT.glob("*/__manifest__.py")
        if not path.parent.name.startswith("test_")
    )
)
# Installed by the tests only, beside ADDONS (like Odoo's own test_* modules).
TEST_ADDONS = "test_crm_success_kpi_extension"


def odoo_source_dir():
    return Path((VENV / ".odoo-src").read_text().strip())


def pg_settings():
    """The libpq settings the scripts use, defaulting like the README says."""
    return {
        "host": os.environ.get("PGHOST", "127.0.0.1"),
        "port": os.environ.get("PGPORT", "5432"),
        "user": os.environ.get("PGUSER") or None,
        "password": os.environ.get("PGPASSWORD") or None,
    }


def pg_connect(dbname="postgres"):
    settings = {k: v for k, v in pg_settings().items() if v}
    conn = psycopg2.connect(dbname=dbname, connect_timeout=10, **settings)
    conn.autocommit = True
    return conn


def require_postgres():
    """Exit with a clear message when PostgreSQL cannot be reached."""
    try:
        pg_connect().close()
    except psycopg2.Error as exc:
        shown = ", ".join(
            f"{k}={v}" for k, v in pg_settings().items() if k != "password" and v
        )
        sys.exit(
            f"error: cannot connect to PostgreSQL ({shown}; set PGHOST, PGPORT, "
            f"PGUSER, PGPASSWORD): {str(exc).strip()}"
        )


def drop_database(name):
    conn = pg_connect()  # autocommit: DROP DATABASE refuses a transaction
    try:
        with conn.cursor() as cr:
            cr.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    finally:
        conn.close()


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def odoo_command(
    database,
    *args,
    subcommand=None,
    data_dir=None,
    http_port=None,
    venv=VENV,
    checkout=True,
):
    """The odoo-bin command line for this repository's addons, run by the
    Python of ``venv``; without ``checkout``, the addons path holds Odoo's
    own addons only (addons installed as wheels are found in ``venv``)."""
    src = odoo_source_dir()
    settings = pg_settings()
    addons_path = [
        src / "addons",
        src / "odoo" / "addons",
        *([ROOT] if checkout else []),
    ]
    cmd = [
        str(Path(venv) / "bin" / "python"),
        str(src / "odoo-bin"),
        *([subcommand] if subcommand else []),
        "--addons-path=" + ",".join(map(str, addons_path)),
        f"--database={database}",
        f"--db_host={settings['host']}",
        f"--db_port={settings['port']}",
        "--db-filter=^%s$" % database,
    ]
    if settings["user"]:
        cmd.append(f"--db_user={settings['user']}")
    if settings["password"]:
        cmd.append(f"--db_password={settings['password']}")
    if data_dir:
        cmd.append(f"--data-dir={data_dir}")
    if http_port:
        cmd.append(f"--http-port={http_port}")
    return cmd + list(args)
