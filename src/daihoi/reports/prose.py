"""The summary report's Vietnamese text, written from a ``Rollup`` only.

Sentence templates are fixed; every number, date, name and yes/no in them comes from the
roll-up. When the data say something else (a late congress, a deviation, a backup used, a
transferred cadre not elected), a different sentence says so, with the names and counts.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from daihoi.lib.vietnamese import date_in_words, short_date
from daihoi.reports.rollup import Figure, OrgRow, Rollup

KIND_WORDS = {
    "grassroots_committee": "đảng bộ cơ sở",
    "grassroots_branch": "chi bộ cơ sở",
    "branch": "chi bộ",
    "city": "đảng bộ cấp huyện",
    "province": "đảng bộ cấp tỉnh",
    "trade_union": "công đoàn",
    "youth_union": "đoàn thanh niên",
}
POSITION_WORDS = {
    "committee": "cấp ủy viên",
    "standing": "ủy viên ban thường vụ",
    "secretary": "bí thư",
    "deputy": "phó bí thư",
    "inspection": "ủy viên ủy ban kiểm tra",
    "backup": "nhân sự dự phòng",
}
# The congress states and milestones in words (the campaigns app's Vietnamese labels; a test
# holds them equal to the catalogue): no code reaches a document.
STATE_WORDS = {
    "preparing": "Đang chuẩn bị",
    "documents_submitted": "Đã nộp văn kiện",
    "comments_given": "Đã cho ý kiến",
    "personnel_plan_approved": "Đã duyệt phương án nhân sự",
    "held": "Đã tổ chức đại hội",
    "results_reported": "Đã báo cáo kết quả",
    "results_approved": "Đã chuẩn y kết quả",
}
MILESTONE_WORDS = {
    "documents": "Dự thảo văn kiện",
    "comments": "Ý kiến của cấp trên",
    "personnel_plan": "Phương án nhân sự",
    "congress": "Đã tổ chức đại hội",
    "results": "Báo cáo kết quả",
}
FIGURE_WORDS = {
    "women": "nữ",
    "under35": "dưới 35 tuổi",
    "minorities": "người dân tộc thiểu số",
    "new_members": "tham gia cấp ủy lần đầu",
    "reelected": "tái cử",
}
# (prefix of the organisation's name, its committee, the suffix of document numbers)
COMMITTEES = [
    ("đảng bộ thành phố ", "Thành ủy", "TU"),
    ("đảng bộ tỉnh ", "Tỉnh ủy", "TU"),
    ("đảng bộ thị xã ", "Thị ủy", "TU"),
    ("đảng bộ huyện ", "Huyện ủy", "HU"),
    ("đảng bộ quận ", "Quận ủy", "QU"),
]


@dataclass(frozen=True)
class Issuer:
    parent: str  # "ĐẢNG BỘ TỈNH LẠNG SƠN"
    committee: str  # "THÀNH ỦY LẠNG SƠN"
    committee_name: str  # "Thành ủy Lạng Sơn"
    place: str  # "Lạng Sơn"
    suffix: str  # "TU"


def issuer(superior_name: str, parent_name: str) -> Issuer:
    """The issuing body of the report, from the superior organisation's name."""
    lower = superior_name.lower()
    for prefix, committee, suffix in COMMITTEES:
        if lower.startswith(prefix):
            place = superior_name[len(prefix):].strip()
            name = f"{committee} {place}"
            return Issuer(parent_name.upper(), name.upper(), name, place, suffix)
    rest = superior_name[len("Đảng bộ "):] if lower.startswith("đảng bộ ") else superior_name
    name = f"Đảng ủy {rest}"
    return Issuer(parent_name.upper(), name.upper(), name, rest, "ĐU")


def pct(value: Decimal) -> str:
    return f"{value}".replace(".", ",") + "%"


def names(items: list[str] | tuple[str, ...]) -> str:
    return ", ".join(items)


def _kind_phrase(r: Rollup) -> str:
    parts = [f"{k.total} {KIND_WORDS.get(k.org_kind, k.org_kind)}" for k in r.by_kind]
    return ", ".join(parts)


def _org_list(rows: list[OrgRow], with_date: bool = False) -> str:
    if with_date:
        return "; ".join(f"{row.name} (ngày {short_date(row.held_on)})" if row.held_on
                         else row.name for row in rows)
    return "; ".join(row.name for row in rows)


def title(r: Rollup) -> str:
    c = r.campaign
    return (f"BÁO CÁO\nKết quả đại hội các tổ chức cơ sở đảng trực thuộc "
            f"{c.superior_name}, nhiệm kỳ {c.term_start} – {c.term_end}")


def held_paragraph(r: Rollup) -> str:
    c = r.campaign
    deadline = short_date(c.deadline)
    term = f"nhiệm kỳ {c.term_start} – {c.term_end}"
    if r.organizations and r.held_by_deadline == r.organizations:
        text = (f"Đến hết ngày {deadline}, tất cả {r.organizations} tổ chức cơ sở đảng trực "
                f"thuộc {c.superior_name} đã tổ chức xong đại hội {term} theo đúng kế hoạch "
                f"đề ra ({_kind_phrase(r)}).")
    else:
        text = (f"Đến hết ngày {deadline}, {r.held_by_deadline}/{r.organizations} tổ chức cơ "
                f"sở đảng trực thuộc {c.superior_name} ({pct(r.held_by_deadline_percent)}) đã "
                f"tổ chức xong đại hội {term} đúng thời hạn ({_kind_phrase(r)}).")
        if r.held_late:
            text += (f" Có {r.held_late} tổ chức tổ chức đại hội sau thời hạn: "
                     f"{_org_list(r.late_rows, with_date=True)}.")
        if r.not_held:
            text += (f" Đến ngày {short_date(r.today)}, còn {r.not_held} tổ chức chưa tổ chức "
                     f"đại hội: {_org_list(r.not_held_rows)}.")
    kinds = [k for k in r.by_kind if k.late or k.held < k.total]
    for k in kinds:
        text += (f" Khối {KIND_WORDS.get(k.org_kind, k.org_kind)}: {k.on_time}/{k.total} "
                 f"đúng hạn.")
    return text


def plan_paragraph(r: Rollup) -> str:
    c = r.campaign
    text = (f"Thực hiện Kế hoạch số {c.plan_number} {date_in_words(c.plan_date)} về đại hội "
            f"đảng bộ các cấp nhiệm kỳ {c.term_start} – {c.term_end}")
    if c.directives:
        text += f", theo tinh thần {names(list(c.directives))}"
    return text + (f", {r.organizations} tổ chức cơ sở đảng trực thuộc {c.superior_name} "
                   f"đã tiến hành đại hội.")


def documents_paragraph(r: Rollup) -> str:
    return (f"Về văn kiện: {r.documents_submitted}/{r.organizations} tổ chức đã gửi dự thảo "
            f"văn kiện đại hội lên cấp trên; cấp trên đã cho ý kiến đối với văn kiện của "
            f"{r.documents_commented} tổ chức.")


def results_paragraph(r: Rollup) -> str:
    """Which congresses held have reported their results to the superior, by the report's
    day; those held but not reported are named, with the date they were held."""
    if r.held == 0:
        return ""
    day = short_date(r.today)
    approved = (f" (trong đó {r.results_approved} tổ chức đã được cấp trên chuẩn y kết quả)"
                if r.results_approved else "")
    if r.held_not_reported == 0:
        return (f"Về báo cáo kết quả: đến ngày {day}, cả {r.results_reported} tổ chức đã tổ "
                f"chức đại hội đều đã báo cáo kết quả đại hội lên cấp trên{approved}.")
    text = (f"Về báo cáo kết quả: đến ngày {day}, {r.results_reported}/{r.held} tổ chức đã "
            f"tổ chức đại hội đã báo cáo kết quả đại hội lên cấp trên{approved}; còn "
            f"{r.held_not_reported} tổ chức đã tổ chức đại hội nhưng chưa báo cáo kết quả: "
            f"{_org_list(r.held_not_reported_rows, with_date=True)}.")
    due = r.campaign.results_due
    if due is not None and r.today > due:
        text += f" Thời hạn báo cáo kết quả là ngày {short_date(due)}."
    return text


def personnel_paragraph(r: Rollup) -> str:
    if r.with_result == 0:
        return ("Về nhân sự: chưa có đại hội nào có kết quả bầu cấp ủy được ban kiểm phiếu "
                "xác nhận.")
    text = (f"Về nhân sự: ban kiểm phiếu đã xác nhận kết quả bầu cấp ủy tại {r.with_result} "
            f"đại hội.")
    if r.deviations == 0:
        text += (" Qua bầu cử, không có trường hợp nào bị chệch hướng so với phương án nhân "
                 "sự đã được phê duyệt")
        text += (" nên các chi, đảng bộ không phải dùng đến phương án dự phòng."
                 if r.backup_plans_used == 0 else ".")
    else:
        details = []
        for row in r.deviation_rows:
            parts = []
            if row.not_elected:
                parts.append(f"không trúng cử: {names(row.not_elected)}")
            if row.unplanned:
                parts.append(f"trúng cử ngoài phương án: {names(row.unplanned)}")
            details.append(f"{row.name} ({'; '.join(parts)})")
        text += (f" Có {r.deviations} đại hội có kết quả bầu cử khác với phương án nhân sự "
                 f"đã được phê duyệt: {'; '.join(details)}.")
        if r.backup_plans_used == 0:
            text += " Không đại hội nào phải dùng đến phương án dự phòng."
    if r.backup_plans_used:
        used = "; ".join(f"{row.name} ({names(row.backups_used)})" for row in r.backup_rows)
        text += (f" Có {r.backup_plans_used} đại hội phải dùng đến phương án dự phòng: "
                 f"{used}.")
    if r.no_plan:
        text += f" Có {r.no_plan} đại hội bầu cấp ủy khi chưa có phương án nhân sự được duyệt."
    pending = r.pending_rows
    if pending:
        text += (f" Còn {len(pending)} đại hội đã tổ chức nhưng chưa có kết quả bầu cấp ủy "
                 f"được xác nhận: {_org_list(pending)}.")
    if r.secretaries_direct:
        text += f" Có {r.secretaries_direct} đại hội bầu trực tiếp bí thư tại đại hội."
    return text


def _figure_phrase(f: Figure) -> str:
    text = f"{FIGURE_WORDS[f.key]} {f.count} ({pct(f.percent)}"
    if f.target is not None:
        verdict = "đạt" if f.meets_target else "chưa đạt"
        text += f"; chỉ tiêu {pct(f.target)}: {verdict}"
    return text + ")"


def composition_paragraph(r: Rollup) -> str:
    if r.committee_members == 0:
        return ""
    text = (f"Cơ cấu cấp ủy khóa mới: tổng số {r.committee_members} cấp ủy viên được bầu, "
            f"trong đó {', '.join(_figure_phrase(f) for f in r.figures)}.")
    edu = [(lvl or "chưa ghi", n) for lvl, n in r.education]
    theory = [(lvl or "chưa có", n) for lvl, n in r.theory]
    if edu:
        text += " Trình độ chuyên môn: " + ", ".join(f"{lvl} {n}" for lvl, n in edu) + "."
    if theory:
        text += " Lý luận chính trị: " + ", ".join(f"{lvl} {n}" for lvl, n in theory) + "."
    return text


def transfers_paragraph(r: Rollup) -> str:
    if r.cadres_transferred == 0:
        return ""
    c = r.campaign
    text = (f"Trong quá trình chuẩn bị nhân sự, {c.superior_name} đã điều động "
            f"{r.cadres_transferred} cán bộ về giữ các chức vụ chủ chốt ở cơ sở.")
    decided = r.cadres_transferred - r.cadres_pending
    not_elected = [t for t in r.transfers if t.elected is False]
    if decided and not not_elected:
        text += " Qua đại hội, những cán bộ này đều được tín nhiệm bầu tham gia cấp ủy."
        if r.cadres_pending:
            text = text[:-1] + f" (trừ {r.cadres_pending} cán bộ chưa có kết quả đại hội)."
    elif decided:
        who = "; ".join(f"{t.name} ({t.to_name})" for t in not_elected)
        text += (f" Qua đại hội, {r.cadres_elected}/{decided} cán bộ được bầu tham gia cấp "
                 f"ủy; {len(not_elected)} cán bộ không trúng cử: {who}.")
    if r.cadres_pending:
        pending = "; ".join(f"{t.name} ({t.to_name})" for t in r.transfers if t.elected is None)
        text += f" Chưa có kết quả bầu cấp ủy đối với: {pending}."
    return text


def delegates_paragraph(r: Rollup) -> str:
    if not (r.delegates or r.alternates):
        return ""
    return (f"Các đại hội đã bầu {r.delegates} đại biểu chính thức và {r.alternates} đại biểu "
            f"dự khuyết đi dự Đại hội {r.campaign.superior_name}.")


def superior_paragraph(r: Rollup) -> str:
    c = r.campaign
    if c.superior_congress_date is None:
        return ""
    verb = "dự kiến được tổ chức vào" if c.superior_congress_date > r.today \
        else "được tổ chức vào"
    return (f"Đại hội {c.superior_name} nhiệm kỳ {c.term_start} – {c.term_end} {verb} "
            f"ngày {short_date(c.superior_congress_date)}.")


def paragraphs(r: Rollup) -> list[str]:
    """The body of the report, paragraph by paragraph (empty ones left out)."""
    parts = [plan_paragraph(r), held_paragraph(r), documents_paragraph(r),
             results_paragraph(r), personnel_paragraph(r), composition_paragraph(r),
             transfers_paragraph(r), delegates_paragraph(r), superior_paragraph(r)]
    return [p for p in parts if p]


def place_and_date(r: Rollup, day: dt.date | None = None) -> str:
    iss = issuer(r.campaign.superior_name, r.campaign.superior_parent_name)
    return f"{iss.place}, {date_in_words(day or r.today)}"
