"""Two keying POSTs for the same ballot position with different keys, at the same moment:
one is saved, the other answered "does not match" (409 on the page), on PostgreSQL as on
SQLite (issue #13, break 6: PostgreSQL answered 500 in 22 of 30 pairs). Run it on PostgreSQL
with DATABASE_URL set."""

from __future__ import annotations

import contextlib
import threading
from typing import Any

import pytest
from django.db import connection

from daihoi.congress import actions
from daihoi.congress.models import KeyedBallot
from tests.conftest import Cast
from tests.congress.conftest import Hall, voting_election

pytestmark = [
    pytest.mark.django_db(transaction=True),
    # SQLite takes the write lock at BEGIN: its two requests run one after the other (and its
    # in-memory test database locks tables instead); the race exists on PostgreSQL.
    pytest.mark.skipif(connection.vendor != "postgresql", reason="a PostgreSQL race"),
]


def test_simultaneous_keys_for_one_position_save_one_and_refuse_the_other(
        hall: Hall, cast: Cast, monkeypatch: pytest.MonkeyPatch) -> None:
    election = voting_election(hall, cast)
    entry = actions.do_open_entry(election, acting_user=cast.counter)
    barrier = threading.Barrier(2, timeout=3)
    original = actions.canonical  # type: ignore[attr-defined]  # patched where it is used

    def both_read_before_either_writes(*args: Any) -> str:
        # PostgreSQL: both transactions count the entry's ballots before either inserts.
        # SQLite takes the write lock at BEGIN, so the second waits and the barrier times out.
        with contextlib.suppress(threading.BrokenBarrierError):
            barrier.wait()
        return original(*args)

    monkeypatch.setattr(actions, "canonical", both_read_before_either_writes)
    outcomes: list[str] = []

    def key(idempotency_key: str, text: str) -> None:
        try:
            actions.do_key_ballot(entry, acting_user=cast.counter, position=1, text=text,
                                  key=idempotency_key)
            outcomes.append("saved")
        except actions.CongressError as exc:
            outcomes.append("refused: " + " ".join(exc.messages))
        except Exception as exc:  # the failure this test is about
            outcomes.append(f"error: {exc!r}")
        finally:
            connection.close()

    threads = [threading.Thread(target=key, args=(k, t)) for k, t in (("a", "1"), ("b", "2"))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(o.split(":")[0] for o in outcomes) == ["refused", "saved"], outcomes
    assert "không khớp" in next(o for o in outcomes if o.startswith("refused"))
    assert KeyedBallot.objects.filter(entry=entry).count() == 1
