"""Vietnamese sentences for the counting minutes: why a ballot is invalid, why a candidate is or
is not elected. Pure functions of numbers and names; the counting itself is in ``count``."""

from __future__ import annotations

from decimal import Decimal

from daihoi.election.model import InvalidReason
from daihoi.election.rulebook import Rulebook

_REASON_RULE: dict[InvalidReason, str] = {
    "not_issued": "not_issued_invalid",
    "other_mark": "other_mark_invalid",
    "write_in": "write_in_invalid",
    "too_many_kept": "too_many_kept_invalid",
    "all_struck": "all_struck_invalid",
    "no_choice": "single_candidate_requires_one_mark",
}

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
    citation = rulebook.rule(key).citation
    return f"{citation.article}, {citation.regulation}"


def invalid_ballot(
    index: int, reason: InvalidReason, rulebook: Rulebook, *, kept: int = 0, seats: int = 0
) -> str:
    """Why ballot number ``index + 1`` is invalid, with the rule it breaks."""
    label = REASON_LABELS[reason]
    if reason == "too_many_kept":
        label = f"phiếu để lại {kept} tên, nhiều hơn số lượng cần bầu ({seats})"
    return (
        f"Phiếu thứ {index + 1}: không hợp lệ vì {label} "
        f"(căn cứ: {cite(rulebook, _REASON_RULE[reason])})."
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


def tied_reason(votes: int, others: list[str], seats: int, count: int) -> str:
    return (
        f"chưa trúng cử: bằng phiếu ({votes}) với {', '.join(others)} ở vị trí cuối cùng "
        f"({count} người cho {seats} chỗ còn lại); phải bầu lại giữa những người bằng phiếu"
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
    lines: list[str] = []
    if elected_names:
        lines.append("Trúng cử (theo thứ tự số phiếu): " + ", ".join(elected_names) + ".")
    else:
        lines.append("Không có người trúng cử.")
    if tied_names:
        lines.append(
            f"Bằng phiếu ở vị trí cuối cùng: {', '.join(tied_names)} ({len(tied_names)} người "
            f"cho {tied_seats} chỗ): phải bầu lại giữa những người này."
        )
    if unfilled:
        lines.append(
            f"Còn {unfilled} chỗ chưa bầu đủ: đại hội quyết định có bầu tiếp hay không "
            "và bầu trong số những ai."
        )
    return lines
