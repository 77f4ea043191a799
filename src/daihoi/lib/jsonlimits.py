"""JSON from outside (the API, ``daihoi tally``, the web election import) parsed within
limits: size, nesting depth and the length of a number, each refused with one line before
it can cost much (a 5,000-digit number, JSON nested 50,000 deep). Pure: no Django."""

from __future__ import annotations

import json
import math
import re
from itertools import accumulate
from typing import Any

from daihoi.lib import limits


class JsonLimitError(ValueError):
    """Not JSON, or JSON past a limit: ``str(exc)`` is one line in English, for the API and
    the command line (the web page words it in Vietnamese)."""


def _number(kind: str, max_digits: int) -> Any:
    def parse(text: str) -> Any:
        digits = sum(ch.isdigit() for ch in text)
        if digits > max_digits:
            raise JsonLimitError(f"a number has {digits} digits; at most {max_digits} allowed")
        if kind == "int":
            return int(text)
        value = float(text)
        if not math.isfinite(value):
            raise JsonLimitError(f"the number {text} is too large")
        return value
    return parse


def _constant(name: str) -> Any:
    raise JsonLimitError(f"{name} is not a JSON number")


_STRING = re.compile(r'"(?:[^"\\]|\\.)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


def depth(text: str) -> int:
    """How deeply the JSON ``text`` nests (brackets outside strings), by regular expressions
    and one pass over the brackets alone: no recursion, no parse."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(map(_STEP.__getitem__, brackets)), default=0)


def loads(raw: bytes | str, *, max_bytes: int = limits.JSON_MAX_BYTES,
          max_depth: int = limits.JSON_MAX_DEPTH,
          max_digits: int = limits.JSON_MAX_NUMBER_DIGITS) -> Any:
    """``raw`` parsed, or JsonLimitError saying in one line what is wrong or too large."""
    size = len(raw.encode("utf-8") if isinstance(raw, str) else raw)
    if size > max_bytes:
        raise JsonLimitError(f"the document is {size} bytes; at most {max_bytes} allowed")
    if isinstance(raw, bytes):
        try:
            raw = raw.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise JsonLimitError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    if raw.count("[") + raw.count("{") > max_depth and depth(raw) > max_depth:
        raise JsonLimitError(f"nested more than {max_depth} levels deep")
    try:
        data = json.loads(raw, parse_int=_number("int", max_digits),
                          parse_float=_number("float", max_digits), parse_constant=_constant)
    except json.JSONDecodeError as exc:
        raise JsonLimitError(f"invalid JSON: {exc.msg} at line {exc.lineno} column {exc.colno}") \
            from None
    except RecursionError:
        raise JsonLimitError(f"nested more than {max_depth} levels deep") from None
    except ValueError as exc:  # a hook's JsonLimitError, or int()'s own digit limit
        raise JsonLimitError(str(exc)) from None
    return data
