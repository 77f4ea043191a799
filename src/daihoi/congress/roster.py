"""Roster figures: who is convened, who is present, and the base the engine measures "more than
half" against, clause by clause as QĐ 190-QĐ/TW Điều 30 (QĐ 244-QĐ/TW Điều 32) writes it.

Members' congress (khoản 2): "tổng số đảng viên chính thức … được triệu tập trừ số đảng viên đã
được giới thiệu sinh hoạt tạm thời ở đảng bộ khác, đảng viên đã được miễn công tác và sinh hoạt
đảng không có mặt ở đại hội (nếu đảng viên đó có mặt ở đại hội, … tham gia bầu cử, biểu quyết thì
vẫn tính), số đảng viên bị đình chỉ sinh hoạt đảng, bị khởi tố, truy tố, tạm giam, đảng viên chính
thức vắng mặt suốt thời gian đại hội có lý do chính đáng được cấp ủy triệu tập đại hội đồng ý."

Delegates' congress (khoản 3): "tổng số đại biểu chính thức được triệu tập trừ số cấp ủy viên cấp
triệu tập đại hội vắng mặt suốt thời gian đại hội, đại biểu chính thức vắng mặt suốt thời gian
đại hội không có đại biểu dự khuyết thay thế."
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from daihoi.election import Candidate, Election, Roster, Rulebook, tally

# Statuses of a person who is at the congress (an exempt member who attends and votes counts).
PRESENT_STATUSES = frozenset({"present", "exempt_present"})

# Members' congress: the statuses khoản 2 takes out of the base, each with the clause in words.
EXCLUDED_STATUSES: dict[str, Promise] = {
    "temporarily_transferred": _(
        "introduced to another party organisation for temporary activity"),
    "exempt_from_activity": _(
        "exempt from party work and activity and not present at the congress"),
    "suspended": _("suspended from party activity"),
    "prosecuted": _("prosecuted or indicted"),
    "detained": _("held in temporary detention"),
    "absent_approved": _(
        "absent for the whole congress with a valid reason the convening committee approved"),
}
# Delegates' congress: the two cases of khoản 3.
COMMITTEE_MEMBER_ABSENT = "committee_member_absent"
DELEGATE_ABSENT_UNCOVERED = "delegate_absent_uncovered"
DELEGATES_EXCLUDED: dict[str, Promise] = {
    COMMITTEE_MEMBER_ABSENT: _(
        "committee member of the convening level, absent for the whole congress"),
    DELEGATE_ABSENT_UNCOVERED: _(
        "official delegate absent for the whole congress with no alternate standing in"),
}
DELEGATE_ROLES = frozenset({"delegate", "committee_member"})
# Counted although not simply present: said on the roster so that nobody wonders.
COUNTED_NOTES: dict[str, Promise] = {
    "exempt_present": _("exempt from party activity, but present and voting"),
    "absent_not_approved": _("the convening committee has not approved the absence"),
    "absent": _("absent without reason"),
    "alternate_standing_in": _("an alternate delegate stands in"),
}


@dataclass(frozen=True)
class RosterFigures:
    convened: int
    excluded: int
    present: int
    absent_with_reason: int  # approved by the committee or not
    absent_without_reason: int
    alternates_standing_in: int = 0
    # How many left the base for each reason (status or delegates' case), in clause order.
    excluded_by_reason: tuple[tuple[str, int], ...] = field(default=())

    @property
    def base(self) -> int:
        return self.convened - self.excluded

    @property
    def roster(self) -> Roster:
        return Roster(convened=self.convened, excluded=self.excluded)


@dataclass(frozen=True)
class Person:
    """What the base needs to know of one roster line."""

    role: str  # member, delegate, committee_member, alternate
    status: str
    substitute_for: int | None = None  # the delegate's id this alternate stands in for
    id: int = 0


def _by_reason(reasons: Iterable[str], order: Iterable[str]) -> tuple[tuple[str, int], ...]:
    counts = Counter(reasons)
    return tuple((key, counts[key]) for key in order if counts[key])


def members_figures(statuses: Iterable[str]) -> RosterFigures:
    """Members' congress: official members convened less those khoản 2 excludes.

    >>> members_figures(["present"] * 10 + ["absent_approved"]).base
    10
    """
    items = list(statuses)
    return RosterFigures(
        convened=len(items),
        excluded=sum(1 for s in items if s in EXCLUDED_STATUSES),
        present=sum(1 for s in items if s in PRESENT_STATUSES),
        absent_with_reason=sum(
            1 for s in items if s in ("absent_approved", "absent_not_approved")),
        absent_without_reason=sum(1 for s in items if s == "absent"),
        excluded_by_reason=_by_reason(
            (s for s in items if s in EXCLUDED_STATUSES), EXCLUDED_STATUSES),
    )


def delegates_exclusions(people: Iterable[Person]) -> dict[int, str]:
    """Delegates' congress: the id of each official delegate khoản 3 takes out of the base,
    with its case (``committee_member_absent`` or ``delegate_absent_uncovered``)."""
    items = list(people)
    covered = {p.substitute_for for p in items
               if p.role == "alternate" and p.status in PRESENT_STATUSES and p.substitute_for}
    out: dict[int, str] = {}
    for p in items:
        if p.role not in DELEGATE_ROLES or p.status in PRESENT_STATUSES:
            continue
        if p.role == "committee_member":
            out[p.id] = COMMITTEE_MEMBER_ABSENT
        elif p.id not in covered:
            out[p.id] = DELEGATE_ABSENT_UNCOVERED
    return out


def delegates_figures(people: Iterable[Person]) -> RosterFigures:
    """Delegates' congress: official delegates (committee members of the convening level
    included) convened, less those absent for the whole congress who are committee members of
    the convening level or have no alternate standing in."""
    items = list(people)
    delegates = [p for p in items if p.role in DELEGATE_ROLES]
    out = delegates_exclusions(items)
    absent = [d for d in delegates if d.status not in PRESENT_STATUSES]
    standing_in = sum(1 for d in absent if d.id not in out)
    return RosterFigures(
        convened=len(delegates),
        excluded=len(out),
        present=len(delegates) - len(absent) + standing_in,
        absent_with_reason=sum(1 for d in absent if d.status != "absent"),
        absent_without_reason=sum(1 for d in absent if d.status == "absent"),
        alternates_standing_in=standing_in,
        excluded_by_reason=_by_reason(out.values(), DELEGATES_EXCLUDED),
    )


def exclusion_reasons(kind: str, people: Iterable[Person]) -> dict[int, Promise]:
    """For the roster screen: each person out of the base, with why, in words."""
    items = list(people)
    if kind == "delegates":
        return {pid: DELEGATES_EXCLUDED[case]
                for pid, case in delegates_exclusions(items).items()}
    return {p.id: EXCLUDED_STATUSES[p.status] for p in items
            if p.role == "member" and p.status in EXCLUDED_STATUSES}


def counted_notes(kind: str, people: Iterable[Person]) -> dict[int, Promise]:
    """For the roster screen: each person counted in the base although not simply present."""
    items = list(people)
    if kind == "delegates":
        out = delegates_exclusions(items)
        return {p.id: COUNTED_NOTES["alternate_standing_in"] for p in items
                if p.role == "delegate" and p.status not in PRESENT_STATUSES
                and p.id not in out}
    return {p.id: COUNTED_NOTES[p.status] for p in items
            if p.role == "member" and p.status in COUNTED_NOTES}


def votes_needed(rulebook: Rulebook, roster: Roster) -> int | None:
    """The engine's threshold for this roster (asked of the engine, never computed here);
    None when the rulebook measures against the ballots collected, unknown before the count."""
    if rulebook.base != "roster":
        return None
    probe = Election(
        rules=rulebook.id, body="committee", round="first", seats=1,
        candidates=(Candidate("1", "-"),), roster=roster, ballots_issued=0, ballots=(),
        no_surplus_form=rulebook.no_surplus_ballot_form,
    )
    return tally(probe, rulebook).min_votes
