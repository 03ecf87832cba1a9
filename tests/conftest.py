"""Make the addons' pure-Python engines importable without Odoo or a database.

The addon packages' own __init__ imports Odoo models; registering bare package
objects for them lets `crm_success_metrics.engine.*` be imported on its own.
"""

import sys
import types
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

for addon in ("crm_lifecycle", "crm_success_metrics"):
    if addon not in sys.modules:
        package = types.ModuleType(addon)
        package.__path__ = [str(ROOT / addon)]
        sys.modules[addon] = package
