"""Build one wheel per addon with whool, as OCA publishes its addons.

Each addon has a ``pyproject.toml`` naming OCA's build backend ``whool``: the
wheel is ``odoo-addon-<name>``, versioned from the manifest (plus the commits
since it changed, as OCA does), depending on Odoo 18.0 and on the addons of
its manifest that are not Odoo's own (``odoo-addon-crm_lifecycle``,
``odoo-addon-report_xlsx``...). ``make wheels`` builds them into ``dist/``:

    .venv/bin/python scripts/wheels.py [DIRECTORY]
"""

import subprocess
import sys
from pathlib import Path

from odoo_run import ADDONS, ROOT, VENV


def build_wheels(directory):
    """Build the wheels of ADDONS into ``directory``; their paths."""
    directory = Path(directory)
    directory.mkdir(parents=True, exist_ok=True)
    # whool comes from requirements-dev.txt: no build environment to download
    subprocess.run(
        [
            str(VENV / "bin" / "python"),
            "-m",
            "pip",
            "wheel",
            "--quiet",
            "--no-deps",
            "--no-build-isolation",
            "--wheel-dir",
            str(directory),
            *(str(ROOT / name) for name in ADDONS.split(",")),
        ],
        check=True,
    )
    return sorted(directory.glob("odoo_addon_*.whl"))


if __name__ == "__main__":
    for wheel in build_wheels(sys.argv[1] if len(sys.argv) > 1 else ROOT / "dist"):
        print(wheel)
