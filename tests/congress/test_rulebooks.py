"""Which rulebook a congress counts by (#13 item 1): chosen by id from the installed ones, or
uploaded as content that is validated and stored; no form, upload or document makes the server
open a path. Also the rounds the rulebook allows after a certified result (#12 items 4–5)."""

from __future__ import annotations

import builtins
import datetime as dt
import io
import json
from importlib import resources
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congress import actions, counting
from daihoi.congress.models import CongressDay, Election, StoredRulebook
from daihoi.congress.rulebooks import rulebook_of
from daihoi.election.rulebook import MAX_RULEBOOK_BYTES
from tests.conftest import PASSWORD, Cast, Tree
from tests.congress.conftest import Hall, key_batch, voting_election

PATHS = ["/dev/zero", "/etc/passwd", "/etc", "../../etc/passwd"]


def _rulebook_json(new_id: str = "phuong-mot-2025", **values: Any) -> bytes:
    text = resources.files("daihoi.election.rulebooks").joinpath("party-2024.json")
    data = json.loads(text.read_text(encoding="utf-8"))
    data["id"] = new_id
    for key, value in values.items():
        data["rules"][key]["value"] = value
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


@pytest.fixture
def opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Files opened by name during the test."""
    names: list[str] = []
    real = builtins.open

    def spy(file: Any, *args: Any, **kwargs: Any) -> Any:
        names.append(str(file))
        return real(file, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    return names


def _client(username: str = "ward_office") -> Client:
    client = Client()
    client.login(username=username, password=PASSWORD)
    return client


@pytest.mark.parametrize("path", PATHS)
def test_the_congress_form_refuses_a_path_as_rules_and_opens_no_file(
        tree: Tree, cast: Cast, path: str, opened: list[str]) -> None:
    response = _client().post(reverse("congress:list"), {
        "organization": tree.ward.pk, "title": "Đại hội thử", "held_on": "2025-05-20",
        "kind": "members", "rules": path}, follow=True)
    page = response.content.decode()
    assert "là đường dẫn tệp, không phải mã bộ quy tắc" in page
    assert "máy chủ không mở tệp nào theo đường dẫn" in page
    assert not CongressDay.objects.exists()
    assert not any(path.strip("./") in name for name in opened)


def test_an_unknown_rulebook_id_is_refused_by_name(tree: Tree, cast: Cast) -> None:
    with pytest.raises(actions.CongressError, match="Không có bộ quy tắc “party-1999”"):
        actions.do_create_congress(acting_user=cast.ward_office, organization=tree.ward,
                                   title="x", held_on=dt.date(2025, 5, 20),
                                   rules="party-1999")


def test_an_uploaded_rulebook_is_validated_stored_and_offered(tree: Tree, cast: Cast) -> None:
    client = _client()
    upload = io.BytesIO(_rulebook_json(tie_revote_needs_majority=True))
    upload.name = "quy-tac.json"
    response = client.post(reverse("congress:rulebook_upload"),
                           {"organization": tree.ward.pk, "file": upload}, follow=True)
    assert "Đã tải lên bộ quy tắc phuong-mot-2025" in response.content.decode()
    row = StoredRulebook.objects.get()
    assert (row.rulebook_id, row.organization) == ("phuong-mot-2025", tree.ward)
    page = client.get(reverse("congress:list")).content.decode()
    assert 'value="phuong-mot-2025"' in page
    client.post(reverse("congress:list"), {
        "organization": tree.ward.pk, "title": "Đại hội thử", "held_on": "2025-05-20",
        "kind": "members", "rules": "phuong-mot-2025"})
    congress = CongressDay.objects.get()
    assert congress.rules == "phuong-mot-2025"
    assert rulebook_of(congress).tie_revote_needs_majority is True


@pytest.mark.parametrize(("content", "message"), [
    (b"{" * 20_000 + b"}" * 20_000, "nested more than 8 levels deep"),
    (b"[" + b" " * MAX_RULEBOOK_BYTES + b"]", "Tệp bộ quy tắc tối đa 65536 byte"),
    (b'{"format": "daihoi-rulebook/1"}', 'missing required key'),
    (_rulebook_json("party-2024"), "là của một bộ quy tắc có sẵn"),
])
def test_a_bad_upload_is_refused_with_a_clear_message(
        tree: Tree, cast: Cast, content: bytes, message: str) -> None:
    upload = io.BytesIO(content)
    upload.name = "quy-tac.json"
    response = _client().post(reverse("congress:rulebook_upload"),
                              {"organization": tree.ward.pk, "file": upload}, follow=True)
    assert message in response.content.decode()
    assert not StoredRulebook.objects.exists()


def test_the_api_refuses_a_path_as_rules(cast: Cast, opened: list[str]) -> None:
    client = _client("city_staff")
    for path in PATHS:
        doc = {"format": "daihoi-election/1", "rules": path, "seats": 1,
               "candidates": [{"id": "1", "name": "Hoàng Thị Lan"}], "roster": {"convened": 3},
               "ballots_issued": 0, "ballots": []}
        response = client.post("/api/v1/tally", json.dumps(doc), content_type="application/json")
        assert response.status_code == 400
        assert "no file is opened" in response.json()["errors"][0]
        assert not any(path.strip("./") in name for name in opened)


@pytest.mark.parametrize("path", PATHS)
def test_an_imported_election_document_naming_a_path_is_refused(
        hall: Hall, cast: Cast, path: str, opened: list[str]) -> None:
    doc = {"format": "daihoi-election/1", "rules": path, "seats": 1,
           "candidates": [{"id": "1", "name": "Hoàng Thị Lan"}], "roster": {"convened": 3},
           "ballots_issued": 0, "ballots": []}
    upload = io.BytesIO(json.dumps(doc).encode())
    upload.name = "bau-cu.json"
    response = _client().post(
        reverse("congress:election_import", kwargs={"pk": hall.congress.pk}),
        {"file": upload}, follow=True)
    assert "is a file path" in response.content.decode()
    assert not Election.objects.exists()
    assert not any(path.strip("./") in name for name in opened)


# --- Rounds after a certified result ------------------------------------------------------


def _certified(hall: Hall, cast: Cast, ballots: list[str], **kwargs: Any) -> Election:
    election = voting_election(hall, cast, **kwargs)
    batch = key_batch(election, cast.counter, ballots)
    key_batch(election, cast.counter2, ballots, batch=batch)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    return election


UNFILLED = ["2 3", "3 4", "2 4", "2 3", "3 4", "2 4", "2 3", "3 4", "2 4", "4"]


def test_a_committee_further_round_needs_the_congress_decision_recorded(
        hall: Hall, cast: Cast) -> None:
    """Committees: the rulebook leaves a further round to the congress (flagged unconfirmed);
    the presidium records the congress's decision, which the new round keeps."""
    election = _certified(hall, cast, UNFILLED)
    result = counting.result_of(election)
    assert result is not None
    assert counting.step_for(election, result, "further") == "congress_decides_further_round"
    with pytest.raises(actions.CongressError, match="cần ghi quyết định của đại hội"):
        actions.do_open_round(election, acting_user=cast.ward_office, kind="further")
    new = actions.do_open_round(
        election, acting_user=cast.ward_office, kind="further",
        decision="Đại hội biểu quyết bầu tiếp 2 chỗ trong số những người còn lại (45/46).")
    assert new.opening_decision.startswith("Đại hội biểu quyết bầu tiếp")
    page = _client().get(reverse("congress:election", kwargs={"pk": new.pk})).content.decode()
    assert "Mở theo quyết định của đại hội:" in page


def test_a_delegates_second_round_opens_without_a_decision(hall: Hall, cast: Cast) -> None:
    """QĐ 244 Điều 20 khoản 2: "Bầu lần thứ nhất chưa đủ số lượng đại biểu thì bầu tiếp"."""
    election = voting_election(hall, cast)
    election.body = "delegates"
    election.save()
    batch = key_batch(election, cast.counter, UNFILLED)
    key_batch(election, cast.counter2, UNFILLED, batch=batch)
    actions.do_certify_election(election, acting_user=cast.ward_office)
    page = _client().get(reverse("congress:election", kwargs={"pk": election.pk}))
    assert "bầu tiếp (căn cứ:" in page.content.decode()
    new = actions.do_open_round(election, acting_user=cast.ward_office, kind="further")
    assert (new.round, new.opening_decision) == ("further", "")


def test_an_uploaded_rulebook_serves_only_its_organisations_line(tree: Tree, cast: Cast) -> None:
    actions.do_upload_rulebook(tree.other_ward, acting_user=cast.city_staff,
                               content=_rulebook_json("phuong-chin"))
    with pytest.raises(actions.CongressError, match="Không có bộ quy tắc “phuong-chin”"):
        actions.do_create_congress(acting_user=cast.ward_office, organization=tree.ward,
                                   title="x", held_on=dt.date(2025, 5, 20), rules="phuong-chin")
    with pytest.raises(actions.CongressError, match="Đã có bộ quy tắc mã “phuong-chin”"):
        actions.do_upload_rulebook(tree.ward, acting_user=cast.ward_office,
                                   content=_rulebook_json("phuong-chin"))
