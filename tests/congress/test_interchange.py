"""Export to and import from the interchange format (docs/formats.md)."""

from __future__ import annotations

import io
import json

from django.test import Client
from django.urls import reverse

from daihoi.congress import counting
from daihoi.congress.models import Election
from daihoi.election import dump_result, parse_election, tally
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, key_batch, voting_election

BALLOTS = ["4", "3", "1 2", "!write_in", "4", "2", "3", "4", "1", "2 3 4"]


def test_export_then_import_gives_the_same_result(hall: Hall, cast: Cast) -> None:
    election = voting_election(hall, cast)
    batch = key_batch(election, cast.counter, BALLOTS)
    key_batch(election, cast.counter2, BALLOTS, batch=batch)
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    exported = client.get(reverse("congress:export_json", kwargs={"pk": election.pk}))
    document = json.loads(exported.content)
    assert document["format"] == "daihoi-election/1"
    expected = dump_result(tally(parse_election(document)))
    upload = io.BytesIO(exported.content)
    upload.name = "bau-cu.json"
    response = client.post(reverse("congress:election_import", kwargs={"pk": hall.congress.pk}),
                           {"file": upload})
    assert response.status_code == 302
    imported = Election.objects.exclude(pk=election.pk).get()
    result = counting.result_of(imported)
    assert result is not None
    assert dump_result(result) == expected
    assert counting.election_document(imported)["ballots"] == document["ballots"]


def test_a_malformed_file_is_refused_with_the_engine_problems(hall: Hall, cast: Cast) -> None:
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    bad = io.BytesIO(json.dumps({"format": "daihoi-election/1", "seats": 0}).encode())
    bad.name = "x.json"
    response = client.post(reverse("congress:election_import", kwargs={"pk": hall.congress.pk}),
                           {"file": bad}, follow=True)
    assert not Election.objects.exists()
    assert "seats" in response.content.decode()
