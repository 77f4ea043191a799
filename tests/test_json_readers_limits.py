"""Every reader of outside JSON refuses a huge number and deep nesting in one line
(issue: a 5,000-digit number or JSON nested 50,000 deep must never cost much or crash)."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from daihoi.ballots.document import BallotInputError, load_document
from daihoi.election import FormatError
from daihoi.election.parse import loads_election
from daihoi.election.rulebook import rulebook_from_text

HUGE_NUMBER = '{"seats": ' + "9" * 5000 + "}"
DEEP = "[" * 50_000 + "]" * 50_000

READERS: dict[str, tuple[Callable[[str], object], type[Exception]]] = {
    "election document (daihoi tally, imports)": (loads_election, FormatError),
    "ballot document (daihoi ballots)": (load_document, BallotInputError),
    "rulebook file (daihoi tally --rulebook, uploads)": (rulebook_from_text, FormatError),
}


@pytest.mark.parametrize("reader", sorted(READERS))
@pytest.mark.parametrize("text", [HUGE_NUMBER, DEEP], ids=["5000 digits", "50000 deep"])
def test_each_json_reader_refuses_what_would_cost_too_much(reader: str, text: str) -> None:
    read, error = READERS[reader]
    with pytest.raises(error) as refused:
        read(text)
    message = str(refused.value)
    assert "\n" not in message
    assert any(word in message for word in ("digits", "deep", "nested", "levels", "bytes"))
