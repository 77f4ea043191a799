"""The shipped JSON Schemas, compiled once, and their errors as one line per problem.

A problem names its JSON path the way a person reads it: ``ballots[17].kept[2]``,
``candidates[0].name``, ``ballots[4].marks["7"]``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from functools import cache
from importlib import resources
from typing import Any

import jsonschema
from jsonschema import Draft202012Validator

_IDENTIFIER = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*$")


class FormatError(ValueError):
    """The input is malformed; ``problems`` holds one line per problem, each naming its path."""

    def __init__(self, problems: Sequence[str]) -> None:
        self.problems: list[str] = list(problems)
        super().__init__("\n".join(self.problems))


def json_path(parts: Iterable[str | int]) -> str:
    """``["ballots", 17, "kept", 2]`` -> ``ballots[17].kept[2]``; the root is ``$``."""
    out = ""
    for part in parts:
        if isinstance(part, int):
            out += f"[{part}]"
        elif _IDENTIFIER.match(part):
            out += f".{part}" if out else part
        else:
            out += f"[{json.dumps(part, ensure_ascii=False)}]"
    return out or "$"


def _is_strict_integer(checker: object, instance: object) -> bool:
    # Counts are integers: JSON 3.0 is not a count, nor is true.
    return isinstance(instance, int) and not isinstance(instance, bool)


_StrictValidator = jsonschema.validators.extend(
    Draft202012Validator,
    type_checker=Draft202012Validator.TYPE_CHECKER.redefine("integer", _is_strict_integer),
)


@cache
def load_schema(name: str) -> dict[str, Any]:
    """One of the shipped schemas: ``election``, ``result`` or ``rulebook``."""
    text = resources.files("daihoi.election.schemas").joinpath(f"{name}.schema.json")
    schema: dict[str, Any] = json.loads(text.read_text(encoding="utf-8"))
    return schema


@cache
def validator(name: str) -> Any:
    """The compiled validator of a shipped schema, built once per process."""
    return _StrictValidator(load_schema(name))


def _describe(error: Any) -> str:
    kind = error.validator
    instance = error.instance
    if kind == "required":
        missing = [k for k in error.validator_value if k not in instance]
        return f"missing required key {json.dumps(missing[0], ensure_ascii=False)}"
    if kind == "additionalProperties" and error.validator_value is False:
        allowed = set(error.schema.get("properties", {}))
        extra = sorted(k for k in instance if k not in allowed)
        keys = ", ".join(json.dumps(k, ensure_ascii=False) for k in extra)
        return f"unknown key {keys}"
    if kind in ("minProperties", "maxProperties") and "kept" in error.schema.get("properties", {}):
        return 'a ballot is exactly one of {"kept": [...]}, {"marks": {...}}, {"defect": "..."}'
    if kind == "type":
        expected = error.validator_value
        if isinstance(expected, list):
            expected = " or ".join(expected)
        article = "an" if expected[0] in "aeiou" else "a"
        return f"must be {article} {expected}, not {_short(instance)}"
    if kind == "enum":
        options = ", ".join(json.dumps(v, ensure_ascii=False) for v in error.validator_value)
        return f"{_short(instance)} is not one of {options}"
    if kind == "const":
        wanted = json.dumps(error.validator_value, ensure_ascii=False)
        return f"must be {wanted}, not {_short(instance)}"
    if kind == "minimum":
        return f"must be at least {error.validator_value}, not {_short(instance)}"
    if kind == "maximum":
        return f"must be at most {error.validator_value}, not {_short(instance)}"
    if kind == "minItems":
        return f"must have at least {error.validator_value} item(s)"
    if kind == "minLength":
        return "must not be empty"
    if kind == "pattern":
        return f"{_short(instance)} does not match {error.validator_value}"
    if kind == "uniqueItems":
        return "must not repeat an item"
    return str(error.message)


def _short(value: object) -> str:
    text = json.dumps(value, ensure_ascii=False)
    return text if len(text) <= 40 else text[:37] + "..."


def _sort_key(parts: Sequence[str | int]) -> tuple[tuple[int, int, str], ...]:
    return tuple((0, p, "") if isinstance(p, int) else (1, 0, p) for p in parts)


def schema_problems(name: str, instance: object) -> list[str]:
    """Every schema violation of ``instance``, one line each, in document order."""
    errors = list(validator(name).iter_errors(instance))
    if not errors:
        return []
    # oneOf/anyOf: report the most specific sub-error rather than the umbrella message.
    leaves: list[Any] = []
    for error in errors:
        if error.context:
            leaves.append(jsonschema.exceptions.best_match(error.context))
        else:
            leaves.append(error)
    leaves.sort(key=lambda e: _sort_key(list(e.absolute_path)))
    lines: list[str] = []
    for error in leaves:
        line = f"{json_path(error.absolute_path)}: {_describe(error)}"
        if line not in lines:
            lines.append(line)
    return lines
