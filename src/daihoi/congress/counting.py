"""The bridge to the engine: an election's records as a ``daihoi-election/1`` document built
from final batches only, and the engine's result of it. Nothing here decides who is elected."""

from __future__ import annotations

from typing import Any

from daihoi.congress.keying import engine_ballot
from daihoi.congress.models import (
    AttendeeRole,
    BatchStatus,
    Candidate,
    CongressDay,
    CongressKind,
    Election,
    FinalBallot,
)
from daihoi.congress.roster import Person, RosterFigures, delegates_figures, members_figures
from daihoi.congress.rulebooks import rulebook_of
from daihoi.election import Result, ballot_form, parse_election, tally
from daihoi.election.count import next_step
from daihoi.election.model import BallotForm, NextStep

FORMAT = "daihoi-election/1"


def figures(congress: CongressDay) -> RosterFigures:
    rows = congress.attendees.values_list("id", "role", "status", "substitute_for_id")
    if congress.kind == CongressKind.DELEGATES:
        return delegates_figures(Person(role=r, status=s, substitute_for=sub, id=i)
                                 for i, r, s, sub in rows)
    return members_figures(s for _, r, s, _ in rows if r == AttendeeRole.MEMBER)


def roster_of(election: Election, fig: RosterFigures | None = None) -> tuple[int, int]:
    if election.roster_convened is not None:
        return election.roster_convened, election.roster_excluded or 0
    fig = fig or figures(election.congress)
    return fig.convened, fig.excluded


def listed(election: Election) -> list[Candidate]:
    """The candidates on the ballot, in ballot order (withdrawn ones left out)."""
    return list(election.candidates.filter(withdrawn=False).order_by("number", "id"))


def form_of(election: Election, n: int | None = None) -> BallotForm | None:
    n = len(listed(election)) if n is None else n
    try:
        return ballot_form(election.seats, n, rulebook_of(election.congress))
    except ValueError:
        return None


def final_contents(election: Election) -> list[str]:
    return list(
        FinalBallot.objects.filter(batch__election=election, batch__status=BatchStatus.FINAL)
        .order_by("batch__number", "position").values_list("content", flat=True)
    )


def election_document(election: Election) -> dict[str, Any]:
    """The interchange document of this election: final batches only."""
    cands = listed(election)
    ids = [str(c.number) for c in cands]
    form = form_of(election, len(cands)) or "strike_out"
    convened, excluded = roster_of(election)
    return {
        "format": FORMAT,
        "rules": election.congress.rules,
        "body": election.body,
        "round": election.round,
        "seats": election.seats,
        "candidates": [{"id": str(c.number), "name": c.full_name} for c in cands],
        "roster": {"convened": convened, "excluded": excluded},
        "ballots_issued": election.ballots_issued or 0,
        "ballots": [engine_ballot(content, form, ids) for content in final_contents(election)],
    }


def result_of(election: Election) -> Result | None:
    """The engine's count of the final batches; None while the list is not votable."""
    if form_of(election) is None:
        return None
    rulebook = rulebook_of(election.congress)
    return tally(parse_election(election_document(election), rulebook), rulebook)


def step_for(election: Election, result: Result, kind: str) -> NextStep:
    """What the rulebook says of opening a ``kind`` round (``tie_revote`` or ``further``)
    after ``result``: the tie's step, or the unfilled seats' step (a tie aside)."""
    if kind == "tie_revote":
        return result.next_step
    return next_step(rulebook_of(election.congress), body=election.body, round=election.round,
                     tied=False, unfilled=result.unfilled)


def certification_problems(election: Election, result: Result | None) -> list[str]:
    """Why the result cannot be certified yet (Vietnamese); [] when it can."""
    problems: list[str] = []
    if result is None:
        return ["Danh sách bầu cử chưa hợp lệ."]
    if election.ballots_issued is None:
        problems.append("Chưa ghi số phiếu phát ra.")
    open_batches = election.batches.exclude(status=BatchStatus.FINAL).count()
    if open_batches:
        problems.append(f"Còn {open_batches} lô phiếu chưa thống nhất giữa hai lần nhập.")
    if election.ballots_issued is not None and result.collected > election.ballots_issued \
            and not election.discrepancy_note.strip():
        problems.append(
            f"Số phiếu thu vào ({result.collected}) nhiều hơn số phiếu phát ra "
            f"({election.ballots_issued}): Ban kiểm phiếu phải giải trình trước khi xác nhận.")
    if result.collected == 0:
        problems.append("Chưa có phiếu nào được kiểm.")
    return problems
