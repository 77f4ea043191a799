"""The election engine: counts a paper-ballot election exactly by a rulebook. No Django here.

Frozen dataclasses in (``Election``), a result object out (``Result``). Counts are integers,
percentages ``Decimal`` rounded half up to two places.

Public API (stable; the web app and the CLI call only these):

- ``load_rulebook(id_or_path) -> Rulebook``: a shipped rulebook (``party-2024``, the default;
  ``party-2014``, ``party-2009``, ``trade-union``, ``youth-union``) or a user rulebook file.
  A bad file raises ``FormatError`` naming the key.
- ``parse_election(data: object) -> Election``: a parsed ``daihoi-election/1`` document;
  raises ``FormatError`` whose ``.problems`` lists one line per problem with its JSON path.
- ``tally(election, rulebook=None) -> Result``: the count (rulebook default: the election's).
- ``result_document(result) -> dict``: the ``daihoi-result/1`` document.
- ``dump_result(result) -> str``: the exact text ``daihoi tally`` prints.
- ``explain(result) -> list[str]``: the count in Vietnamese sentences for the minutes; also on
  the result as ``Result.summary``, ``CandidateResult.explanation`` and
  ``InvalidBallot.explanation``.
- Rules of the list, before the vote: ``ballot_form(seats, n_candidates)`` (``strike_out`` or
  ``agree_disagree``; ``ValueError`` for too few candidates), ``check_surplus(seats,
  n_candidates, rulebook) -> list[str]`` (problems, in Vietnamese), ``nominee_admitted(supporters,
  attending, rulebook) -> bool``, ``ballot_order(names) -> list`` (Vietnamese collation of the
  given name; accepts names or ``Candidate``s).
"""

from daihoi.election.count import tally
from daihoi.election.document import dump_result, explain, result_document
from daihoi.election.listrules import (
    ballot_form,
    ballot_order,
    check_surplus,
    needs_surplus,
    nominee_admitted,
)
from daihoi.election.model import (
    Ballot,
    Candidate,
    CandidateResult,
    DefectBallot,
    Election,
    InvalidBallot,
    MarksBallot,
    Result,
    Roster,
    StrikeOutBallot,
    Tie,
)
from daihoi.election.parse import loads_election, parse_election
from daihoi.election.rulebook import Rulebook, builtin_ids, load_rulebook
from daihoi.election.schema import FormatError

__all__ = [
    "Ballot",
    "Candidate",
    "CandidateResult",
    "DefectBallot",
    "Election",
    "FormatError",
    "InvalidBallot",
    "MarksBallot",
    "Result",
    "Roster",
    "Rulebook",
    "StrikeOutBallot",
    "Tie",
    "ballot_form",
    "ballot_order",
    "builtin_ids",
    "check_surplus",
    "dump_result",
    "explain",
    "load_rulebook",
    "loads_election",
    "needs_surplus",
    "nominee_admitted",
    "parse_election",
    "result_document",
    "tally",
]
