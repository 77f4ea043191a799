"""The values the engine works on: an election in, a result out. All frozen, no Django."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Literal

Body = Literal[
    "committee",
    "standing_committee",
    "secretary",
    "deputy_secretary",
    "inspection_committee",
    "delegates",
    "alternate_delegates",
    "other",
]
Round = Literal["first", "further", "tie_revote"]
Mark = Literal["agree", "disagree", "both", "none"]
Defect = Literal["not_issued", "other_mark", "write_in"]
InvalidReason = Literal[
    "not_issued", "other_mark", "write_in", "too_many_kept", "all_struck", "no_choice"
]
Status = Literal["complete", "tie_revote_required", "seats_unfilled"]
BallotForm = Literal["strike_out", "agree_disagree"]
# What the congress does next, by the rulebook: nothing; a re-vote among the tied; the
# congress decides on the tie; another round (automatic); the congress decides whether to hold
# another round; no further round (the rulebook's last round was held).
NextStep = Literal[
    "none",
    "tie_revote",
    "congress_decides_tie",
    "further_round",
    "congress_decides_further_round",
    "no_further_round",
]

BODIES: tuple[Body, ...] = (
    "committee",
    "standing_committee",
    "secretary",
    "deputy_secretary",
    "inspection_committee",
    "delegates",
    "alternate_delegates",
    "other",
)
ROUNDS: tuple[Round, ...] = ("first", "further", "tie_revote")
MARKS: tuple[Mark, ...] = ("agree", "disagree", "both", "none")
DEFECTS: tuple[Defect, ...] = ("not_issued", "other_mark", "write_in")
# The order of ``invalid_by_reason`` keys in the result document.
INVALID_REASONS: tuple[InvalidReason, ...] = (
    "not_issued",
    "other_mark",
    "write_in",
    "too_many_kept",
    "all_struck",
    "no_choice",
)


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    name: str


@dataclass(frozen=True, slots=True)
class Roster:
    convened: int
    excluded: int = 0


@dataclass(frozen=True, slots=True)
class StrikeOutBallot:
    """The ids whose names were not struck through."""

    kept: frozenset[str]


@dataclass(frozen=True, slots=True)
class MarksBallot:
    """Agree/disagree ballot: the marked candidates; a missing one means ``none``."""

    marks: tuple[tuple[str, Mark], ...]

    def mark_of(self, candidate_id: str) -> Mark:
        for cid, mark in self.marks:
            if cid == candidate_id:
                return mark
        return "none"


@dataclass(frozen=True, slots=True)
class DefectBallot:
    """The counting board ruled the ballot invalid on its physical form."""

    defect: Defect


Ballot = StrikeOutBallot | MarksBallot | DefectBallot


@dataclass(frozen=True, slots=True)
class Election:
    rules: str
    body: Body
    round: Round
    seats: int
    candidates: tuple[Candidate, ...]
    roster: Roster
    ballots_issued: int
    ballots: tuple[Ballot, ...]
    # The form of a list without surplus, from the rulebook (party: agree/disagree; trade union
    # and youth union: strike-out); a list with surplus is always strike-out.
    no_surplus_form: BallotForm = "agree_disagree"

    @property
    def form(self) -> BallotForm:
        return "strike_out" if len(self.candidates) > self.seats else self.no_surplus_form


@dataclass(frozen=True, slots=True)
class CandidateResult:
    id: str
    name: str
    votes: int
    percent: Decimal
    elected: bool
    # Why, in Vietnamese, ready for the counting minutes.
    explanation: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class InvalidBallot:
    index: int  # position in the election's ``ballots``
    reason: InvalidReason
    explanation: str


@dataclass(frozen=True, slots=True)
class InvalidCount:
    """Invalid ballots of one reason, as the counting minutes list them."""

    reason: InvalidReason
    count: int
    label: str  # Vietnamese, e.g. "phiếu ghi thêm tên người ngoài danh sách"
    citation: str  # printable, e.g. "Điều 15, QĐ 190-QĐ/TW (10/10/2024)"
    confirmed: bool  # False: the rule is still to verify against the regulation's text


@dataclass(frozen=True, slots=True)
class Tie:
    ids: tuple[str, ...]
    seats: int


@dataclass(frozen=True, slots=True)
class Result:
    rules: str
    body: Body
    round: Round
    seats: int
    issued: int
    collected: int
    valid: int
    invalid: int
    invalid_by_reason: tuple[tuple[InvalidReason, int], ...]  # non-zero only, in spec order
    base: int
    base_kind: str  # "roster" or "ballots_collected"
    min_votes: int | None
    candidates: tuple[CandidateResult, ...]  # input order
    elected: tuple[str, ...]  # most votes first
    tied: Tie | None
    unfilled: int
    status: Status
    warnings: tuple[str, ...]
    invalid_ballots: tuple[InvalidBallot, ...]
    # Vietnamese sentences about the count as a whole (base, threshold, outcome).
    summary: tuple[str, ...]
    # Invalid ballots by reason with their rule (the minutes' lines), spec order.
    invalid_counts: tuple[InvalidCount, ...] = ()
    # What the rulebook says happens next, and the sentence a set of minutes prints for it.
    next_step: NextStep = "none"
    next_step_text: str = ""
    # Sentences naming the rules applied that are not confirmed by a quoted text, with their
    # citation and confidence in plain words (printed under the count).
    rule_notes: tuple[str, ...] = ()
