"""The election engine: counts a paper-ballot election exactly by a rulebook. No Django here.

Frozen dataclasses in (``Election``), a result object out (``Result``). Counts are integers,
percentages ``Decimal`` rounded half up to two places.

Public API (stable; the web app and the CLI call only these):

- ``load_rulebook(rulebook_id) -> Rulebook``: a shipped rulebook (``party-2024``, the default;
  ``party-2014``, ``party-2009``, ``trade-union``, ``youth-union``); any other name, a path
  included, is a ``FormatError`` and no file is opened.
- ``rulebook_from_text(text) -> Rulebook``: a user rulebook from its content (an upload, a
  stored copy), size- and depth-limited; ``read_rulebook_file(path)`` for the command line
  only, where the operator names the file. A bad rulebook raises ``FormatError`` naming the key.
- ``parse_election(data, rulebook=None) -> Election``: a parsed ``daihoi-election/1``
  document (``rulebook``: a user rulebook to check the ballots' form by; otherwise the shipped
  one the document names); raises ``FormatError`` whose ``.problems`` lists one line per
  problem with its JSON path.
- ``tally(election, rulebook=None) -> Result``: the count (rulebook default: the election's).
- ``result_document(result) -> dict``: the ``daihoi-result/1`` document.
- ``dump_result(result) -> str``: the exact text ``daihoi tally`` prints.
- ``explain(result) -> list[str]``: the count in Vietnamese sentences for the minutes; also on
  the result as ``Result.summary``, ``CandidateResult.explanation`` and
  ``InvalidBallot.explanation``; what follows by the rulebook as ``Result.next_step`` and
  ``Result.next_step_text``; invalid ballots by reason with their rule as
  ``Result.invalid_counts``; the unconfirmed rules the count applied as ``Result.rule_notes``.
- Rules of the list, before the vote: ``ballot_form(seats, n_candidates, rulebook)``
  (``strike_out`` or ``agree_disagree``; ``ValueError`` for too few candidates),
  ``check_surplus(seats, n_candidates, rulebook) -> list[str]`` (problems, in Vietnamese),
  ``nominee_admitted(supporters, attending, rulebook) -> bool``, ``ballot_order(names) ->
  list`` (Vietnamese collation of the given name; accepts names or ``Candidate``s).
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
    InvalidCount,
    MarksBallot,
    NextStep,
    Result,
    Roster,
    StrikeOutBallot,
    Tie,
)
from daihoi.election.parse import loads_election, parse_election
from daihoi.election.rulebook import (
    Rulebook,
    builtin_ids,
    load_rulebook,
    read_rulebook_file,
    rulebook_from_text,
)
from daihoi.election.schema import FormatError

__all__ = [
    "Ballot",
    "Candidate",
    "CandidateResult",
    "DefectBallot",
    "Election",
    "FormatError",
    "InvalidBallot",
    "InvalidCount",
    "MarksBallot",
    "NextStep",
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
    "read_rulebook_file",
    "result_document",
    "rulebook_from_text",
    "tally",
]
