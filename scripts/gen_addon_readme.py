"""Generate each addon's README.rst from its manifest and readme/*.md fragments.

A light stand-in for OCA's oca-gen-addon-readme. `--check` exits 1 when a
README.rst is out of date (run by `make lint`).
"""

import ast
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
ADDONS = ("crm_lifecycle", "crm_success_metrics")
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("ROADMAP.md", "Known issues / Roadmap"),
)


def heading(text, char):
    return [text, char * len(text), ""]


def render(addon_dir):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text())
    bar = "=" * len(manifest["name"])
    lines = [bar, manifest["name"], bar, "", manifest["summary"], ""]
    for fragment, title in SECTIONS:
        path = addon_dir / "readme" / fragment
        if path.exists():
            lines += heading(title, "=") if title else []
            lines += [path.read_text().strip(), ""]
    lines += heading("Credits", "=")
    lines += [f"Authors: {manifest['author']}", "", f"License: {manifest['license']}"]
    return "\n".join(lines) + "\n"


def main():
    check = "--check" in sys.argv
    stale = []
    for addon in ADDONS:
        target = ROOT / addon / "README.rst"
        text = render(ROOT / addon)
        if check and (not target.exists() or target.read_text() != text):
            stale.append(str(target.relative_to(ROOT)))
        elif not check:
            target.write_text(text)
    if stale:
        sys.exit(f"out of date (run `make readme`): {', '.join(stale)}")


if __name__ == "__main__":
    main()
