"""The result document (``daihoi-result/1``) and the explanation for the minutes."""

from __future__ import annotations

import json
from typing import Any

from daihoi.election.model import Result

RESULT_FORMAT = "daihoi-result/1"


def result_document(result: Result) -> dict[str, Any]:
    """The result as the spec's document: exactly its fields, in its key order."""
    return {
        "format": RESULT_FORMAT,
        "rules": result.rules,
        "seats": result.seats,
        "ballots": {
            "issued": result.issued,
            "collected": result.collected,
            "valid": result.valid,
            "invalid": result.invalid,
            "invalid_by_reason": dict(result.invalid_by_reason),
        },
        "threshold": {"base": result.base, "min_votes": result.min_votes},
        "candidates": [
            {"id": c.id, "name": c.name, "votes": c.votes, "percent": f"{c.percent:.2f}"}
            for c in result.candidates
        ],
        "elected": list(result.elected),
        "tied": None
        if result.tied is None
        else {"ids": list(result.tied.ids), "seats": result.tied.seats},
        "unfilled": result.unfilled,
        "status": result.status,
        "warnings": list(result.warnings),
    }


def dump_result(result: Result) -> str:
    """The exact text ``daihoi tally`` prints: UTF-8 JSON, two-space indent, a final newline."""
    return json.dumps(result_document(result), ensure_ascii=False, indent=2) + "\n"


def explain(result: Result) -> list[str]:
    """The whole count in Vietnamese sentences, ready for the counting minutes."""
    lines = list(result.summary)
    lines.extend(bad.explanation for bad in result.invalid_ballots)
    for cand in result.candidates:
        lines.extend(cand.explanation)
    lines.extend(
        f"Quy tắc đã áp dụng, chưa đối chiếu được với nguyên văn văn bản: {note}"
        for note in result.rule_notes
    )
    lines.extend(f"Cảnh báo: {w}" for w in result.warnings)
    return lines
