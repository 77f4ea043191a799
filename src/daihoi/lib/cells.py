"""Text for spreadsheet and document cells that no program can run, and the control
characters that no file or form may bring in.

Every export (XLSX, CSV, DOCX tables) writes its cells through ``safe_cell`` (or
``safe_row``): a text beginning with ``=``, ``+``, ``-``, ``@``, a tab or a carriage return
would be taken by a spreadsheet as a formula (``=HYPERLINK("http://…","Xem")`` typed by one
office and opened by another), so it is written as text behind a leading apostrophe, as the
OWASP "CSV injection" page recommends; openpyxl then stores it as a string cell. Control
characters that XML cannot carry (NUL and the others below a space, except tab, line feed and
carriage return) are replaced by U+FFFD on the way out, so one bad stored row never breaks an
export.

On the way in, ``control_characters`` finds them, so imports and forms refuse them with the
row and column (or the field) named. Pure: no Django.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

# What a spreadsheet takes as the start of a formula (OWASP, "CSV Injection").
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
# Characters XML 1.0 cannot carry, which openpyxl and python-docx refuse (NUL included).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
REPLACEMENT = "\ufffd"


def control_characters(text: str) -> list[str]:
    """The control characters in ``text``, written as U+XXXX, each once, in order."""
    seen: list[str] = []
    for match in _CONTROL.finditer(text):
        code = f"U+{ord(match.group()):04X}"
        if code not in seen:
            seen.append(code)
    return seen


def without_control_characters(text: str) -> str:
    return _CONTROL.sub(REPLACEMENT, text)


def safe_text(text: str) -> str:
    """``text`` as a cell that is text and only text: control characters replaced, and a
    leading apostrophe before anything a spreadsheet would run."""
    text = without_control_characters(text)
    if text.startswith(FORMULA_START):
        return "'" + text
    return text


def safe_cell(value: object) -> object:
    """A cell value for an export: text made safe, anything else (numbers, dates, None) kept."""
    if isinstance(value, str):
        return safe_text(value)
    return value


def safe_row(values: Iterable[object]) -> list[object]:
    return [safe_cell(v) for v in values]


def unquote_text(text: str) -> str:
    """What ``safe_text`` protected, read back (an export that is imported again): one
    leading apostrophe before a formula character is dropped."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
