"""The addons' translations: keep each language's ``.po`` in step with the
``.pot`` template, and check them.

    .venv/bin/python scripts/i18n.py update   # add the template's new terms
    .venv/bin/python scripts/i18n.py check    # make lint: complete and consistent

``update`` (run by ``make pot`` after it regenerates the templates) creates
``<addon>/i18n/<lang>.po`` for each language of LANGUAGES when missing and
merges the template into it: new terms are added untranslated, terms gone
from the template are dropped, translations of the others are kept.

``check`` fails when a ``.po`` misses a term of its template, leaves one
untranslated or fuzzy, keeps a term the template no longer has, or when a
translation's placeholders (``%s``, ``%(name)s``, ``{{ expression }}``) or
markup tags differ from its source's: Odoo would fail or show garbage where
the translation is used.
"""

import re
import sys
from collections import Counter
from pathlib import Path

import polib

ROOT = Path(__file__).resolve().parent.parent
# The languages of the practitioners' guides, with their plural rules.
LANGUAGES = {
    "es": "nplurals=2; plural=(n != 1);",
    "zh_CN": "nplurals=1; plural=0;",
    "af": "nplurals=2; plural=(n != 1);",
    "pt_BR": "nplurals=2; plural=(n > 1);",
    "ca": "nplurals=2; plural=(n != 1);",
}
PLACEHOLDER = re.compile(
    r"%\([A-Za-z_0-9]+\)[sdfr]|%[sdfr]|\{\{.*?\}\}|\{[A-Za-z_0-9]*\}"
)
TAG = re.compile(r"</?[A-Za-z][A-Za-z0-9-]*")


def templates():
    """The addons' templates: ``<addon>/i18n/<addon>.pot``."""
    return sorted(ROOT.glob("*/i18n/*.pot"))


def update(pot, lang):
    """Create or merge ``<lang>.po`` from the template ``pot`` (polib, as Odoo:
    the occurrences of each term, which tell Odoo the records it translates,
    come from the template)."""
    path = pot.parent / f"{lang}.po"
    if path.exists():
        catalog = polib.pofile(str(path), wrapwidth=78)
    else:
        catalog = polib.POFile(wrapwidth=78)
        catalog.header = f"Translation of {pot.stem} into {lang}."
    catalog.merge(polib.pofile(str(pot)))
    for entry in catalog.obsolete_entries():
        catalog.remove(entry)
    catalog.metadata.update(
        {
            "Project-Id-Version": "Odoo Server 18.0",
            "MIME-Version": "1.0",
            "Content-Type": "text/plain; charset=UTF-8",
            "Content-Transfer-Encoding": "8bit",
            "Language": lang,
            "Plural-Forms": LANGUAGES[lang],
        }
    )
    catalog.save(str(path))


def problems(pot, po):
    """What is wrong with the translation ``po`` of the template ``pot``."""
    template = {entry.msgid for entry in polib.pofile(str(pot))}
    found = []
    translated = set()
    for entry in polib.pofile(str(po)):
        where = f"{po.relative_to(ROOT)}: {entry.msgid!r:.70}"
        translated.add(entry.msgid)
        if entry.obsolete or entry.msgid not in template:
            found.append(f"{where}: not in the template (run scripts/i18n.py update)")
        elif not entry.msgstr:
            found.append(f"{where}: untranslated")
        elif entry.fuzzy:
            found.append(f"{where}: fuzzy")
        else:
            for pattern, what in ((PLACEHOLDER, "placeholders"), (TAG, "tags")):
                source = Counter(pattern.findall(entry.msgid))
                target = Counter(pattern.findall(entry.msgstr))
                if source != target:
                    found.append(
                        f"{where}: {what} {sorted(source.elements())} translated as "
                        f"{sorted(target.elements())}"
                    )
    for missing in sorted(template - translated):
        found.append(f"{po.relative_to(ROOT)}: {missing!r:.70}: missing")
    return found


def check():
    found = []
    for pot in templates():
        for lang in LANGUAGES:
            po = pot.parent / f"{lang}.po"
            if po.exists():
                found.extend(problems(pot, po))
            else:
                found.append(
                    f"{po.relative_to(ROOT)}: missing (run scripts/i18n.py update)"
                )
    print("\n".join(found[:200]))
    print(f"i18n: {len(found)} problem(s) in {len(templates()) * len(LANGUAGES)} files")
    return 1 if found else 0


def main():
    command = sys.argv[1] if len(sys.argv) > 1 else "check"
    if command == "update":
        for pot in templates():
            for lang in LANGUAGES:
                update(pot, lang)
        return 0
    if command == "check":
        return check()
    sys.exit(f"usage: {sys.argv[0]} [update|check]")


if __name__ == "__main__":
    sys.exit(main())
