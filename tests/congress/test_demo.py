"""The 2010 demo: sixty congresses held, counted by the engine, results on plan."""

from __future__ import annotations

from collections import Counter

import pypdfium2
import pytest
from django.utils import timezone

from daihoi.campaigns.models import Congress
from daihoi.congress import counting, documents
from daihoi.congress.models import CongressDay, Election, Entry
from daihoi.demo import load_demo
from daihoi.lib.vietnamese import date_in_words


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
    # Loaded today, counted in 2010: every recorded time of the count is the congress's day,
    # and so are the times the minutes print.
    day = keyed.congress.held_on
    times = [*Entry.objects.filter(batch__election=keyed).values_list("started_at", flat=True),
             *keyed.batches.values_list("created_at", flat=True),
             *keyed.batches.values_list("final_at", flat=True), keyed.certified_at]
    assert {timezone.localtime(t).date() for t in times} == {day}
    pdf = pypdfium2.PdfDocument(documents.minutes_pdf(keyed))
    text = " ".join(" ".join(p.get_textpage().get_text_range() for p in pdf).split())
    assert f"09 giờ 40 phút, {date_in_words(day)}" in text
    assert date_in_words(timezone.localdate()) not in text
    load_demo()  # idempotent
    assert CongressDay.objects.count() == 60
