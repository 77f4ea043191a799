"""Counting one election by its rulebook: ballot validity, the base, the threshold, who is elected.

Everything is an integer until the percentages, which are ``Decimal`` rounded half up to two
places with integer arithmetic (no float is ever involved).
"""

from __future__ import annotations

from decimal import Decimal

from daihoi.election import wording
from daihoi.election.listrules import ballot_form, check_surplus
from daihoi.election.model import (
    INVALID_REASONS,
    CandidateResult,
    DefectBallot,
    Election,
    InvalidBallot,
    InvalidCount,
    InvalidReason,
    MarksBallot,
    NextStep,
    Result,
    Status,
    StrikeOutBallot,
    Tie,
)
from daihoi.election.rulebook import Rulebook, load_rulebook
from daihoi.election.schema import FormatError


def min_votes_for(base: int) -> int:
    """The smallest count strictly greater than half of ``base``: 10 -> 6, 11 -> 6, 0 -> 1."""
    return base // 2 + 1


def percent_of(votes: int, base: int) -> Decimal:
    """``votes / base * 100``, two places, rounded half up (exactly, in integers)."""
    if base <= 0:
        return Decimal("0.00")
    hundredths = (votes * 20000 + base) // (2 * base)
    return Decimal(hundredths).scaleb(-2)


def _defect_problems(election: Election, rulebook: Rulebook) -> list[str]:
    """A defect the rulebook does not treat as invalid cannot be counted from the document."""
    return [
        f"ballots[{i}].defect: rulebook {rulebook.id} does not make a {b.defect} ballot "
        "invalid; enter what the ballot says (kept or marks) instead"
        for i, b in enumerate(election.ballots)
        if isinstance(b, DefectBallot) and b.defect not in rulebook.invalid_defects
    ]


def _form_problems(election: Election, rulebook: Rulebook) -> list[str]:
    """Ballots in the other form than the rulebook gives this list (an election parsed by one
    rulebook and counted by another)."""
    form = ballot_form(election.seats, len(election.candidates), rulebook)
    wrong = StrikeOutBallot if form == "agree_disagree" else MarksBallot
    expected = '{"marks": {...}}' if form == "agree_disagree" else '{"kept": [...]}'
    return [
        f"ballots[{i}]: rulebook {rulebook.id} uses the {form.replace('_', '/')} form for "
        f"this list: expected {expected}"
        for i, b in enumerate(election.ballots)
        if isinstance(b, wrong)
    ]


def _count_ballots(
    election: Election, rulebook: Rulebook
) -> tuple[dict[str, int], list[InvalidBallot]]:
    votes = {c.id: 0 for c in election.candidates}
    invalid: list[InvalidBallot] = []
    seats = election.seats
    single = len(election.candidates) == 1

    def reject(i: int, reason: InvalidReason, kept: int = 0) -> None:
        text = wording.invalid_ballot(i, reason, rulebook, kept=kept, seats=seats)
        invalid.append(InvalidBallot(index=i, reason=reason, explanation=text))

    for i, ballot in enumerate(election.ballots):
        if isinstance(ballot, StrikeOutBallot):
            kept = ballot.kept
            if len(kept) > seats:
                reject(i, "too_many_kept", len(kept))
            elif not kept and rulebook.all_struck_invalid and not single:
                # A one-name strike-out list: striking the name is a valid "no" (spec).
                reject(i, "all_struck")
            else:
                for cid in kept:
                    votes[cid] += 1
        elif isinstance(ballot, MarksBallot):
            if (
                single
                and rulebook.single_candidate_requires_one_mark
                and ballot.mark_of(election.candidates[0].id) in ("both", "none")
            ):
                reject(i, "no_choice")
                continue
            for cid, mark in ballot.marks:
                if mark == "agree":
                    votes[cid] += 1
        else:
            reject(i, ballot.defect)
    return votes, invalid


def _warnings(election: Election, rulebook: Rulebook, base: int) -> list[str]:
    out: list[str] = []
    collected, issued = len(election.ballots), election.ballots_issued
    roster = election.roster
    if collected > issued:
        out.append(f"Số phiếu thu vào ({collected}) nhiều hơn số phiếu phát ra ({issued}).")
    if roster.excluded > roster.convened:
        out.append(
            f"Số không tính vào căn cứ ({roster.excluded}) lớn hơn số được triệu tập "
            f"({roster.convened})."
        )
    if rulebook.base == "roster":
        if issued > base:
            out.append(
                f"Số phiếu phát ra ({issued}) nhiều hơn số được triệu tập trừ số không tính "
                f"({base})."
            )
        if collected > base:
            out.append(
                f"Số phiếu thu vào ({collected}) nhiều hơn số được triệu tập trừ số không tính "
                f"({base})."
            )
    if base == 0:
        out.append("Căn cứ tính quá một nửa bằng 0: không thể tính tỷ lệ phần trăm.")
    if election.round == "first" and election.body in rulebook.surplus_bodies:
        n = len(election.candidates)
        if n == election.seats:
            out.append(
                f"Danh sách bầu cử có {n} người cho {election.seats} chỗ: danh sách này "
                "phải có số dư (nhiều người hơn số lượng cần bầu)."
            )
        out.extend(check_surplus(election.seats, n, rulebook))
    return out


def tally(election: Election, rulebook: Rulebook | None = None) -> Result:
    """Count ``election`` by ``rulebook`` (default: the one the election names).

    Raises ``FormatError`` when the election cannot be counted by that rulebook (a rulebook
    file that cannot be loaded, a defect the rulebook does not make invalid).
    """
    rb = rulebook if rulebook is not None else load_rulebook(election.rules)
    problems = _form_problems(election, rb) + _defect_problems(election, rb)
    if problems:
        raise FormatError(problems)
    votes, invalid = _count_ballots(election, rb)
    collected = len(election.ballots)
    roster = election.roster
    base = (
        collected if rb.base == "ballots_collected" else max(roster.convened - roster.excluded, 0)
    )
    waived = election.round == "tie_revote" and not rb.tie_revote_needs_majority
    min_votes = None if waived else min_votes_for(base)
    floor = 1 if min_votes is None else min_votes

    order = sorted(
        range(len(election.candidates)),
        key=lambda i: (-votes[election.candidates[i].id], i),
    )
    qualified = [i for i in order if votes[election.candidates[i].id] >= floor]
    seats = election.seats
    elected_idx: list[int] = qualified
    tied_idx: list[int] = []
    if len(qualified) > seats:
        last = votes[election.candidates[qualified[seats - 1]].id]
        above = [i for i in qualified if votes[election.candidates[i].id] > last]
        at = [i for i in qualified if votes[election.candidates[i].id] == last]
        if len(above) + len(at) <= seats:
            elected_idx = above + at
        else:
            elected_idx, tied_idx = above, at
    tied_seats = seats - len(elected_idx) if tied_idx else 0
    unfilled = seats - len(elected_idx) - tied_seats
    status: Status = (
        "tie_revote_required" if tied_idx else "seats_unfilled" if unfilled else "complete"
    )
    step = next_step(
        rb, body=election.body, round=election.round, tied=bool(tied_idx), unfilled=unfilled
    )

    names = [c.name for c in election.candidates]
    rank = {i: r + 1 for r, i in enumerate(elected_idx)}
    results: list[CandidateResult] = []
    for i, cand in enumerate(election.candidates):
        v = votes[cand.id]
        pct = percent_of(v, base)
        line = wording.candidate_line(cand.name, v, pct, rb.base, base)
        if i in rank:
            why = wording.elected_reason(
                rank[i], waived=waived, alternates=election.body == "alternate_delegates"
            )
        elif i in tied_idx:
            others = [names[j] for j in tied_idx if j != i]
            why = wording.tied_reason(v, others, tied_seats, len(tied_idx), step)
        elif v < floor:
            why = wording.below_threshold_reason(min_votes)
        else:
            why = wording.crowded_out_reason(min_votes, seats)
        results.append(
            CandidateResult(
                id=cand.id,
                name=cand.name,
                votes=v,
                percent=pct,
                elected=i in rank,
                explanation=(f"{line}; {why}",),
            )
        )

    by_reason: dict[InvalidReason, int] = {}
    for bad in invalid:
        by_reason[bad.reason] = by_reason.get(bad.reason, 0) + 1
    summary = [
        f"Quy chế áp dụng: {rb.name} ({rb.regulation}).",
        f"Số lượng cần bầu: {seats}; danh sách bầu cử: {len(names)} người.",
        f"Phiếu phát ra: {election.ballots_issued}; thu vào: {collected}; hợp lệ: "
        f"{collected - len(invalid)}; không hợp lệ: {len(invalid)}.",
        *(
            f"Phiếu không hợp lệ vì {wording.REASON_LABELS[r]}: {by_reason[r]}."
            for r in INVALID_REASONS
            if r in by_reason
        ),
        wording.base_sentence(rb.base, base, roster.convened, roster.excluded),
        wording.threshold_sentence(base, min_votes),
        *wording.outcome_sentences(
            [names[i] for i in elected_idx], [names[i] for i in tied_idx], tied_seats, unfilled
        ),
    ]
    step_text = wording.next_step_sentence(
        step, rb, body=election.body, tied_names=[names[i] for i in tied_idx], unfilled=unfilled
    )
    if step_text:
        summary.append(step_text)
    invalid_counts = tuple(
        InvalidCount(
            reason=r,
            count=by_reason[r],
            label=wording.REASON_LABELS[r],
            citation=wording.reason_rule(rb, r).citation.printable,
            confirmed=wording.reason_rule(rb, r).confidence == "confirmed",
        )
        for r in INVALID_REASONS
        if r in by_reason
    )
    return Result(
        rules=rb.id,
        body=election.body,
        round=election.round,
        seats=seats,
        issued=election.ballots_issued,
        collected=collected,
        valid=collected - len(invalid),
        invalid=len(invalid),
        invalid_by_reason=tuple((r, by_reason[r]) for r in INVALID_REASONS if r in by_reason),
        base=base,
        base_kind=rb.base,
        min_votes=min_votes,
        candidates=tuple(results),
        elected=tuple(election.candidates[i].id for i in elected_idx),
        tied=Tie(ids=tuple(election.candidates[i].id for i in tied_idx), seats=tied_seats)
        if tied_idx
        else None,
        unfilled=unfilled,
        status=status,
        warnings=tuple(_warnings(election, rb, base)),
        invalid_ballots=tuple(invalid),
        summary=tuple(summary),
        invalid_counts=invalid_counts,
        next_step=step,
        next_step_text=step_text,
        rule_notes=_rule_notes(election, rb, by_reason, step),
    )


def next_step(
    rulebook: Rulebook, *, body: str, round: str, tied: bool, unfilled: int
) -> NextStep:
    """What follows this round, by the rulebook.

    Delegates (QĐ 244 Điều 20 khoản 2): "Bầu lần thứ nhất chưa đủ số lượng đại biểu thì bầu
    tiếp. Nếu bầu nhiều lần vẫn không đủ số lượng, có bầu tiếp hay không do đại hội quyết
    định": after the first round another is automatic, after that the congress decides.
    Committees and the rest: ``further_round_committee``. A rulebook may cap the rounds
    (``max_rounds``: youth union, two). Ties: a re-vote among the tied, or the congress decides
    (``tie_rule``); tied again in a re-vote, the congress decides.
    """
    if tied:
        if round == "tie_revote" or rulebook.tie_rule == "congress_decides":
            return "congress_decides_tie"
        return "tie_revote"
    if not unfilled:
        return "none"
    rounds_held = 1 if round == "first" else 2
    if rulebook.max_rounds is not None and rounds_held >= rulebook.max_rounds:
        return "no_further_round"
    delegates = body in ("delegates", "alternate_delegates")
    rule = rulebook.further_round_delegates if delegates else rulebook.further_round_committee
    if rule == "automatic_then_congress_decides" and round == "first":
        return "further_round"
    return "congress_decides_further_round"


def _rule_notes(
    election: Election, rulebook: Rulebook, by_reason: dict[InvalidReason, int], step: NextStep
) -> tuple[str, ...]:
    """The rules this count applied that no quoted text confirms, each as a sentence."""
    keys: list[str] = ["base"]
    if len(election.candidates) == election.seats:
        keys.append("no_surplus_ballot_form")
    keys.extend(wording.reason_rule(rulebook, r).key for r in INVALID_REASONS if r in by_reason)
    if step in ("tie_revote", "congress_decides_tie") or election.round == "tie_revote":
        keys.extend(["tie_rule", "tie_revote_needs_majority"])
    if step in ("further_round", "congress_decides_further_round"):
        delegates = election.body in ("delegates", "alternate_delegates")
        keys.append("further_round_delegates" if delegates else "further_round_committee")
    if step == "no_further_round":
        keys.append("max_rounds")
    notes: list[str] = []
    for key in dict.fromkeys(keys):
        if rulebook.has_rule(key) and rulebook.rule(key).confidence == "to_verify":
            notes.append(wording.rule_note(rulebook.rule(key)))
    return tuple(notes)
