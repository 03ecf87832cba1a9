"""Generate each addon's README.rst from its manifest and readme/*.md fragments.

A light stand-in for OCA's oca-gen-addon-readme, with its fragments
(DESCRIPTION, CONFIGURE, USAGE, ROADMAP, CONTRIBUTORS... in readme/) and its
layout (summary, table of contents, sections, Bug Tracker, Credits with
Authors, Contributors and Maintainers). The fragments' Markdown (paragraphs,
lists, emphasis, `code`, fenced code blocks, pipe tables, images alone on
their line) is turned into reStructuredText, which Odoo renders as the module
description. Every addon of the repository with a readme/DESCRIPTION.md gets
one. `--check` exits 1 when a README.rst is out of date or not valid
reStructuredText (run by `make lint`).
"""

import ast
import re
import sys
from pathlib import Path

import docutils.core
import docutils.nodes
import docutils.utils

ROOT = Path(__file__).resolve().parent.parent
ADDONS = sorted(
    path.parent.parent.name for path in ROOT.glob("*/readme/DESCRIPTION.md")
)
SECTIONS = (
    ("DESCRIPTION.md", None),
    ("CONFIGURE.md", "Configuration"),
    ("USAGE.md", "Usage"),
    ("DEVELOP.md", "Development"),
    ("PERFORMANCE.md", "Performance"),
    ("ROADMAP.md", "Known issues / Roadmap"),
)


# ![alt text](path), alone on its line
IMAGE = re.compile(r"!\[(?P<alt>[^\]]*)\]\((?P<path>[^)\s]+)\)")


def heading(text, char):
    return [text, char * len(text), ""]


def rst_table(rows):
    """A Markdown pipe table (header, separator, rows) as a grid table."""
    cells = [[cell.strip() for cell in row.strip("| ").split("|")] for row in rows]
    header, body = cells[0], cells[2:]
    widths = [max(len(row[i]) for row in [header, *body]) for i in range(len(header))]

    def border(char):
        return "+" + "+".join(char * (width + 2) for width in widths) + "+"

    def line(row):
        return (
            "|"
            + "|".join(f" {cell:<{w}} " for cell, w in zip(row, widths, strict=True))
            + "|"
        )

    out = [border("-"), line(header), border("=")]
    for row in body:
        out += [line(row), border("-")]
    return out


def markdown_to_rst(text):
    lines, table, code = [], [], False
    for raw in text.splitlines() + [""]:
        if raw.startswith("```"):  # a fenced block becomes a literal block
            code = not code
            lines += ["::", ""] if code else []
            continue
        if code:
            lines.append(f"    {raw}" if raw else "")
            continue
        if raw.startswith("|"):
            table.append(raw)
            continue
        if table:
            lines += rst_table(table)
            table = []
        image = IMAGE.fullmatch(raw)
        if image:
            lines += [f".. image:: {image['path']}", f"   :alt: {image['alt']}"]
            continue
        lines.append(re.sub(r"(?<!`)`([^`]+)`(?!`)", r"``\1``", raw))
    return "\n".join(lines).strip()


def render(addon_dir):
    manifest = ast.literal_eval((addon_dir / "__manifest__.py").read_text())
    bar = "=" * len(manifest["name"])
    lines = [bar, manifest["name"], bar, "", manifest["summary"], ""]
    lines += [
        f"Maturity: {manifest.get('development_status', 'Beta')} | License:"
        f" {manifest['license']} | Version: {manifest['version']}",
        "",
    ]
    for fragment, title in SECTIONS:
        path = addon_dir / "readme" / fragment
        if path.exists():
            lines += heading(title, "=") if title else []
            lines += [markdown_to_rst(path.read_text()), ""]
            if not title:
                lines += [
                    "**Table of contents**",
                    "",
                    ".. contents::",
                    "   :local:",
                    "",
                ]
    lines += heading("Bug Tracker", "=")
    lines += [
        f"Bugs are tracked on `GitHub Issues <{manifest['website']}/issues>`_."
        " Please check there first whether your issue has already been reported.",
        "",
    ]
    lines += heading("Credits", "=")
    lines += heading("Authors", "-") + [f"- {manifest['author']}", ""]
    contributors = addon_dir / "readme" / "CONTRIBUTORS.md"
    if contributors.exists():
        lines += heading("Contributors", "-")
        lines += [markdown_to_rst(contributors.read_text()), ""]
    lines += heading("Maintainers", "-")
    lines += [
        "Current maintainers: "
        + ", ".join(
            f"`{login} <https://github.com/{login}>`_"
            for login in manifest["maintainers"]
        ),
        "",
        f"This module is part of the `{manifest['website'].split('github.com/')[-1]}"
        f" <{manifest['website']}>`_ project on GitHub.",
    ]
    return "\n".join(lines) + "\n"


def rst_problems(text):
    """Warnings and errors docutils reports for ``text``."""
    settings = {"report_level": 5, "halt_level": 5, "warning_stream": False}
    document = docutils.core.publish_doctree(text, settings_overrides=settings)
    return [
        node.astext()
        for node in document.findall(docutils.nodes.system_message)
        if node["level"] >= docutils.utils.Reporter.WARNING_LEVEL
    ]


def main():
    check = "--check" in sys.argv
    stale = []
    for addon in ADDONS:
        target = ROOT / addon / "README.rst"
        text = render(ROOT / addon)
        for problem in rst_problems(text):
            stale.append(f"{addon}: invalid reStructuredText: {problem}")
        if check and (not target.exists() or target.read_text() != text):
            stale.append(str(target.relative_to(ROOT)))
        elif not check:
            target.write_text(text)
    if stale:
        sys.exit("README.rst out of date (run `make readme`): " + "; ".join(stale))


if __name__ == "__main__":
    main()
