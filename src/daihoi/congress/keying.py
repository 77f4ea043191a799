"""What a clerk types for one ballot, its canonical stored form, and its engine form.

Typed text: the ballot numbers of the struck names (strike-out form) or of the "disagree" names
(agree/disagree form), separated by spaces, commas or dots; on the agree/disagree form ``3b``
means both boxes marked for name 3 and ``3n`` neither box. A defect is stored as
``!not_issued``, ``!other_mark`` or ``!write_in``. The canonical text is what two entries are
compared on. No Django here.
"""

from __future__ import annotations

import re
from typing import Any

from daihoi.election.model import DEFECTS, BallotForm

_SPLIT = re.compile(r"[\s,.;]+")
_TOKEN = re.compile(r"^(\d{1,3})([bn]?)$")

DEFECT_LABELS = {
    "not_issued": "Phiếu không do Ban kiểm phiếu phát ra",
    "other_mark": "Phiếu có đánh dấu, viết thêm",
    "write_in": "Phiếu ghi thêm tên người ngoài danh sách",
}


class KeyingError(ValueError):
    """The typed text is not a ballot (message in Vietnamese, shown to the clerk)."""


def canonical(text: str, form: BallotForm, n_candidates: int) -> str:
    """The canonical content of a typed ballot; ``KeyingError`` when it cannot be one."""
    text = text.strip().lower()
    if text.startswith("!"):
        if text[1:] not in DEFECTS:
            raise KeyingError(f"Lỗi phiếu không rõ: {text[1:]}")
        return text
    seen: dict[int, str] = {}
    for token in (t for t in _SPLIT.split(text) if t):
        match = _TOKEN.match(token)
        if match is None:
            raise KeyingError(f"Không hiểu “{token}”: chỉ gõ số thứ tự của người trong danh sách.")
        number, suffix = int(match.group(1)), match.group(2)
        if not 1 <= number <= n_candidates:
            raise KeyingError(f"Số {number} không có trong danh sách (1–{n_candidates}).")
        if suffix and form == "strike_out":
            raise KeyingError("Phiếu gạch tên: chỉ gõ số của người bị gạch.")
        if number in seen:
            raise KeyingError(f"Số {number} đã gõ hai lần.")
        seen[number] = suffix
    return " ".join(f"{n}{seen[n]}" for n in sorted(seen))


def engine_ballot(content: str, form: BallotForm, ids: list[str]) -> dict[str, Any]:
    """The ``daihoi-election/1`` ballot for a canonical content; ``ids[i]`` is name ``i+1``."""
    if content.startswith("!"):
        return {"defect": content[1:]}
    tokens = {}
    for token in content.split():
        match = _TOKEN.match(token)
        if match is None:
            raise KeyingError(f"Nội dung phiếu đã lưu không hợp lệ: {token}")
        tokens[int(match.group(1))] = match.group(2)
    if form == "strike_out":
        return {"kept": [cid for i, cid in enumerate(ids, 1) if i not in tokens]}
    marks = {"": "disagree", "b": "both", "n": "none"}
    return {"marks": {cid: marks[tokens[i]] if i in tokens else "agree"
                      for i, cid in enumerate(ids, 1)}}


def content_of(ballot: dict[str, Any], form: BallotForm, ids: list[str]) -> str:
    """The canonical content of an engine ballot (for imports)."""
    if "defect" in ballot:
        return f"!{ballot['defect']}"
    if form == "strike_out":
        kept = set(ballot["kept"])
        return " ".join(str(i) for i, cid in enumerate(ids, 1) if cid not in kept)
    suffix = {"disagree": "", "both": "b", "none": "n"}
    marks = ballot["marks"]
    out = []
    for i, cid in enumerate(ids, 1):
        mark = marks.get(cid, "none")
        if mark != "agree":
            out.append(f"{i}{suffix[mark]}")
    return " ".join(out)


def describe(content: str, form: BallotForm) -> str:
    """The content in words for the comparison screen and the entry log."""
    if content.startswith("!"):
        return DEFECT_LABELS.get(content[1:], content)
    if not content:
        return "không gạch ai" if form == "strike_out" else "đồng ý tất cả"
    prefix = "gạch" if form == "strike_out" else "không đồng ý"
    return f"{prefix}: {content}"
