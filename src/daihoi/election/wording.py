"""Vietnamese sentences for the counting minutes: why a ballot is invalid, why a candidate is or
is not elected. Pure functions of numbers and names; the counting itself is in ``count``."""

from __future__ import annotations

from decimal import Decimal

from daihoi.election.model import InvalidReason, NextStep
from daihoi.election.rulebook import Rule, Rulebook

_REASON_RULE: dict[InvalidReason, str] = {
    "not_issued": "not_issued_invalid",
    "other_mark": "other_mark_invalid",
    "write_in": "write_in_invalid",
    "too_many_kept": "too_many_kept_invalid",
    "all_struck": "all_struck_invalid",
    "no_choice": "single_candidate_requires_one_mark",
}
# Defects are facts the counting board rules on (QĐ 190 Điều 8: "Xem xét và kết luận về các
# phiếu không hợp lệ"); the other reasons the engine reads off the ballot.
BOARD_RULED: frozenset[InvalidReason] = frozenset({"not_issued", "other_mark", "write_in"})

REASON_LABELS: dict[InvalidReason, str] = {
    "not_issued": "phiếu không do ban kiểm phiếu phát ra (không có dấu, sai mẫu)",
    "other_mark": "phiếu có viết thêm, đánh dấu hoặc ký hiệu khác",
    "write_in": "phiếu ghi thêm tên người ngoài danh sách",
    "too_many_kept": "phiếu để lại số tên nhiều hơn số lượng cần bầu",
    "all_struck": "phiếu gạch tên tất cả những người trong danh sách",
    "no_choice": "danh sách một người, phiếu đánh cả hai ô hoặc không ô nào",
}


def vn_number(value: Decimal) -> str:
    """``Decimal("45.45")`` -> ``45,45``: the decimal comma of Vietnamese documents."""
    return f"{value:.2f}".replace(".", ",")


def cite(rulebook: Rulebook, key: str) -> str:
    """The printable citation of a rule: no working note, only where to read it."""
    return rulebook.rule(key).citation.printable


def basis(rule: Rule) -> str:
    """``căn cứ: <citation>`` and, for a rule not confirmed, its confidence in plain words."""
    if rule.confidence == "confirmed":
        return f"căn cứ: {rule.citation.printable}"
    return f"căn cứ: {rule.citation.printable}; {rule.confidence_words}"


def reason_rule(rulebook: Rulebook, reason: InvalidReason) -> Rule:
    return rulebook.rule(_REASON_RULE[reason])


def invalid_ballot(
    index: int, reason: InvalidReason, rulebook: Rulebook, *, kept: int = 0, seats: int = 0
) -> str:
    """Why ballot number ``index + 1`` is invalid, with the rule it breaks."""
    label = REASON_LABELS[reason]
    if reason == "too_many_kept":
        label = f"phiếu để lại {kept} tên, nhiều hơn số lượng cần bầu ({seats})"
    verdict = (
        "Ban kiểm phiếu kết luận không hợp lệ" if reason in BOARD_RULED else "không hợp lệ"
    )
    return (
        f"Phiếu thứ {index + 1}: {verdict} vì {label} "
        f"({basis(reason_rule(rulebook, reason))})."
    )


def base_phrase(base_kind: str) -> str:
    return "tổng số" if base_kind == "roster" else "tổng số phiếu thu vào"


def base_sentence(base_kind: str, base: int, convened: int, excluded: int) -> str:
    if base_kind == "roster":
        return (
            f"Căn cứ tính quá một nửa: {base} (số được triệu tập {convened}, "
            f"trừ {excluded} người không tính theo quy định); không tính theo số phiếu thu vào."
        )
    return f"Căn cứ tính quá một nửa: {base} (tổng số phiếu thu vào)."


def threshold_sentence(base: int, min_votes: int | None) -> str:
    if min_votes is None:
        return (
            "Bầu lại giữa những người bằng phiếu: không cần quá một nửa, "
            "người có số phiếu nhiều hơn trúng cử."
        )
    return f"Để trúng cử cần quá một nửa của {base}, tức là ít nhất {min_votes} phiếu."


def candidate_line(name: str, votes: int, percent: Decimal, base_kind: str, base: int) -> str:
    return f"{name}: {votes} phiếu, {vn_number(percent)}% so với {base_phrase(base_kind)} ({base})"


def elected_reason(rank: int, *, waived: bool, alternates: bool) -> str:
    what = (
        f"trúng cử đại biểu dự khuyết, xếp thứ {rank}"
        if alternates
        else (f"trúng cử, xếp thứ {rank} theo số phiếu")
    )
    if waived:
        return (
            f"{what} (bầu lại khi bằng phiếu: nhiều phiếu hơn thì trúng cử, không cần quá một nửa)"
        )
    return f"{what} (quá một nửa)"


def below_threshold_reason(min_votes: int | None) -> str:
    if min_votes is None:
        return "không trúng cử vì không có phiếu nào"
    return f"không trúng cử vì chưa quá một nửa (cần ít nhất {min_votes} phiếu)"


def tied_reason(votes: int, others: list[str], seats: int, count: int, step: NextStep) -> str:
    then = (
        "phải bầu lại giữa những người bằng phiếu"
        if step == "tie_revote"
        else "đại hội quyết định có bầu lại giữa những người bằng phiếu hay không"
    )
    return (
        f"chưa trúng cử: bằng phiếu ({votes}) với {', '.join(others)} ở vị trí cuối cùng "
        f"({count} người cho {seats} chỗ còn lại); {then}"
    )


def crowded_out_reason(min_votes: int | None, seats: int) -> str:
    reached = "đạt quá một nửa" if min_votes is not None else "có phiếu"
    return (
        f"{reached} nhưng không trúng cử vì đã đủ {seats} người có số phiếu cao hơn "
        "(người nhiều phiếu hơn trúng cử trước)"
    )


def outcome_sentences(
    elected_names: list[str], tied_names: list[str], tied_seats: int, unfilled: int
) -> list[str]:
    """Who is elected and who is tied; the seats that remain are said by the next step's
    sentence (``next_step_sentence``), unless a tie comes first."""
    lines: list[str] = []
    if elected_names:
        lines.append("Trúng cử (theo thứ tự số phiếu): " + ", ".join(elected_names) + ".")
    else:
        lines.append("Không có người trúng cử.")
    if tied_names:
        lines.append(
            f"Bằng phiếu ở vị trí cuối cùng: {', '.join(tied_names)} ({len(tied_names)} người "
            f"cho {tied_seats} chỗ)."
        )
    if unfilled and tied_names:
        lines.append(f"Còn {unfilled} chỗ chưa bầu đủ.")
    return lines


def _applied(rulebook: Rulebook, key: str) -> str:
    """``(<citation>; <confidence>)`` for a rule a sentence applies, when the rulebook has it."""
    if not rulebook.has_rule(key):
        return "(theo bộ quy tắc đang dùng; chưa có văn bản dẫn chiếu)"
    rule = rulebook.rule(key)
    return f"({basis(rule)})"


def next_step_sentence(
    step: NextStep, rulebook: Rulebook, *, body: str, tied_names: list[str], unfilled: int
) -> str:
    """What the congress does next, by the rulebook, with the rule and how sure it is: a
    sentence the minutes print as is."""
    delegates = body in ("delegates", "alternate_delegates")
    round_key = "further_round_delegates" if delegates else "further_round_committee"
    who = ", ".join(tied_names)
    if step == "tie_revote":
        majority = (
            "trong lần bầu lại vẫn phải đạt quá một nửa"
            if rulebook.tie_revote_needs_majority
            else "trong lần bầu lại, người nhiều phiếu hơn trúng cử, không cần quá một nửa"
        )
        return (
            f"Bầu lại giữa những người bằng phiếu ({who}) {_applied(rulebook, 'tie_rule')}; "
            f"{majority} {_applied(rulebook, 'tie_revote_needs_majority')}."
        )
    if step == "congress_decides_tie":
        return (
            f"Những người bằng phiếu ({who}): đoàn chủ tịch xin ý kiến, đại hội quyết định có "
            f"bầu lại giữa họ hay không {_applied(rulebook, 'tie_rule')}."
        )
    if step == "further_round":
        return (
            f"Còn {unfilled} chỗ chưa bầu đủ: bầu tiếp {_applied(rulebook, round_key)}."
        )
    if step == "congress_decides_further_round":
        return (
            f"Còn {unfilled} chỗ chưa bầu đủ: đại hội quyết định có bầu tiếp hay không; danh "
            "sách lần sau có giới thiệu bổ sung người ngoài danh sách lần trước hay không cũng "
            f"do đại hội quyết định {_applied(rulebook, round_key)}."
        )
    if step == "no_further_round":
        return (
            f"Còn {unfilled} chỗ chưa bầu đủ: đã bầu {rulebook.max_rounds} lần, không bầu tiếp "
            f"nữa {_applied(rulebook, 'max_rounds')}."
        )
    return ""


def rule_note(rule: Rule) -> str:
    """A rule applied in this count that no quoted text confirms, as a printable sentence
    (``explain`` prints it under a heading that gives its confidence)."""
    return f"{rule.summary} (căn cứ: {rule.citation.printable})."
