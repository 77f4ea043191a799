"""The 2010 demo: sixty congresses held, counted by the engine, results on plan."""

from __future__ import annotations

from collections import Counter

import pytest

from daihoi.campaigns.models import Congress
from daihoi.congress import counting, documents
from daihoi.congress.models import CongressDay, Election, Entry
from daihoi.demo import load_demo


@pytest.mark.slow
@pytest.mark.django_db(transaction=False)
def test_demo_holds_sixty_congresses_all_elected_on_plan() -> None:
    load_demo()
    assert CongressDay.objects.count() == 60
    states = Counter(Congress.objects.values_list("state", flat=True))
    assert set(states) <= {"held", "results_reported", "results_approved"}
    assert states["results_approved"] > 40
    for election in Election.objects.filter(body="committee").select_related("congress"):
        result = counting.result_of(election)
        assert result is not None
        assert result.status == "complete"
        planned = {c.full_name for c in election.candidates.filter(source="plan")}
        elected = {c.name for c in result.candidates if c.elected}
        assert elected == planned, election.congress
    keyed = Election.objects.get(congress__organization__code="LS-TP-P-CL", body="committee")
    assert Entry.objects.filter(batch__election=keyed).count() == 2 * keyed.batches.count()
    assert documents.minutes_pdf(keyed).startswith(b"%PDF")
    load_demo()  # idempotent
    assert CongressDay.objects.count() == 60
