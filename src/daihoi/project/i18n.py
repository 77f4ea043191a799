"""Keep the translation catalogues complete.

    python -m daihoi.project.i18n update   # extract strings (makemessages), fill the Vietnamese
                                           # ones from the apps' vi_strings.txt, compile .mo
    python -m daihoi.project.i18n check    # fail when a string has no Vietnamese translation,
                                           # or the compiled .mo is out of date

UI strings are written in English in the code; Vietnamese is the default language, so every
string must have its Vietnamese translation. Each app keeps its translations as
``msgid<TAB>translation`` lines in ``vi_strings.txt`` beside its code; ``update`` copies them
into ``locale/vi/LC_MESSAGES/django.po``. Compiling uses polib, so a machine without GNU gettext
can still build the catalogue; extracting needs xgettext.
"""

from __future__ import annotations

import os
import re
import sys
from pathlib import Path

import polib

PACKAGE = Path(__file__).resolve().parent.parent
LOCALE = PACKAGE / "locale"
VI_PO = LOCALE / "vi" / "LC_MESSAGES" / "django.po"
VI_MO = VI_PO.with_suffix(".mo")


def translation_files() -> list[Path]:
    return sorted(PACKAGE.glob("**/vi_strings.txt"))


_TEMPLATE_VARIABLE = re.compile(r"\{\{\s*(\w+)\s*\}\}")


def _as_msgid(text: str) -> str:
    """A line of vi_strings.txt in catalogue form: ``\\n`` is a new line, and a template's
    ``{{ n }}`` (as written inside blocktranslate) is the catalogue's ``%(n)s``."""
    return _TEMPLATE_VARIABLE.sub(r"%(\1)s", text.replace("\\n", "\n"))


def known_translations() -> dict[tuple[str | None, str], str]:
    """(context, msgid) -> Vietnamese. A line ``context::msgid<TAB>translation`` translates
    the msgid in that context only (``{% translate "Kind" context "congress" %}``). The same
    msgid translated two ways in two files is an error: one wording must win on purpose."""
    table: dict[tuple[str | None, str], str] = {}
    where: dict[tuple[str | None, str], str] = {}
    for path in translation_files():
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
            if not line.strip() or line.startswith("#"):
                continue
            if "\t" not in line:
                raise SystemExit(f"{path}:{number}: expected msgid<TAB>translation")
            source, text = (_as_msgid(part) for part in line.split("\t", 1))
            context, _, msgid = source.rpartition("::")
            key = (context or None, msgid)
            here = f"{path.relative_to(PACKAGE)}:{number}"
            if key in table and table[key] != text:
                raise SystemExit(f"{here}: {msgid!r} is translated {text!r} here but "
                                 f"{table[key]!r} in {where[key]}")
            table[key] = text
            where[key] = here
    return table


def _extract() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.project.settings")
    import django
    from django.core.management import call_command

    django.setup()
    cwd = Path.cwd()
    os.chdir(PACKAGE)
    try:
        call_command("makemessages", locale=["vi"], no_obsolete=True, no_location=True,
                     ignore_patterns=["election/*", "ballots/*"], verbosity=0)
    finally:
        os.chdir(cwd)


def fill_and_compile() -> list[str]:
    po = polib.pofile(str(VI_PO))
    table = known_translations()
    for entry in po:
        context = entry.msgctxt or None
        if entry.msgid_plural:
            singular = table.get((context, entry.msgid))
            plural = table.get((context, entry.msgid_plural), singular)
            if singular is not None and plural is not None:
                entry.msgstr_plural = {0: plural}
        elif (context, entry.msgid) in table:
            entry.msgstr = table[(context, entry.msgid)]
        if "fuzzy" in entry.flags and _translated(entry):
            entry.flags.remove("fuzzy")
    po.metadata["Plural-Forms"] = "nplurals=1; plural=0;"
    po.metadata["Language"] = "vi"
    po.save(str(VI_PO))
    po.save_as_mofile(str(VI_MO))
    return missing(po)


def _translated(entry: polib.POEntry) -> bool:
    if entry.msgid_plural:
        return bool(entry.msgstr_plural) and all(entry.msgstr_plural.values())
    return bool(entry.msgstr)


def missing(po: polib.POFile | None = None) -> list[str]:
    po = po or polib.pofile(str(VI_PO))
    return [e.msgid for e in po if not e.obsolete and (not _translated(e) or "fuzzy" in e.flags)]


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]|%[sd]")


def placeholder_problems(po: polib.POFile | None = None) -> list[str]:
    """Translations whose %(name)s placeholders differ from their msgid's (a crash at run time)."""
    po = po or polib.pofile(str(VI_PO))
    problems = []
    for e in po:
        if e.obsolete or not _translated(e):
            continue
        want = sorted(_PLACEHOLDER.findall(e.msgid))
        texts = list(e.msgstr_plural.values()) if e.msgid_plural else [e.msgstr]
        if any(sorted(_PLACEHOLDER.findall(t)) != want for t in texts):
            problems.append(e.msgid)
    return problems


def mo_is_current() -> bool:
    if not VI_MO.exists():
        return False
    po = polib.pofile(str(VI_PO))
    mo = polib.mofile(str(VI_MO))
    compiled = {(e.msgctxt, e.msgid): (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
                for e in mo}
    for e in po:
        if e.obsolete or "fuzzy" in e.flags or not _translated(e):
            continue
        got = compiled.get((e.msgctxt, e.msgid))
        want = (e.msgstr, tuple(sorted(e.msgstr_plural.items())))
        if got is None or got[0] != want[0] or dict(got[1]) != dict(want[1]):
            return False
    return True


def main(argv: list[str]) -> int:
    command = argv[1] if len(argv) > 1 else "check"
    if command == "update":
        _extract()
        gaps = fill_and_compile()
        for msgid in gaps:
            print(f"untranslated: {msgid!r}")
        return 1 if gaps else 0
    if command == "check":
        gaps = missing()
        for msgid in gaps:
            print(f"untranslated into Vietnamese: {msgid!r}")
        broken = placeholder_problems()
        for msgid in broken:
            print(f"placeholders differ in the translation of: {msgid!r}")
        gaps += broken
        if not mo_is_current():
            print("locale/vi/LC_MESSAGES/django.mo is out of date: run "
                  "`python -m daihoi.project.i18n update`")
            return 1
        print(f"translations: {len(polib.pofile(str(VI_PO)))} strings, all in Vietnamese"
              if not gaps else f"translations: {len(gaps)} missing")
        return 1 if gaps else 0
    print(__doc__)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
