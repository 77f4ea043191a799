"""The roster and the base (Quy định 24-QĐ/TW §9.3; QĐ 190-QĐ/TW art. 30)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congress import actions, counting
from daihoi.congress.models import AttendanceStatus, AttendeeRole, CongressKind
from daihoi.congress.roster import Person, delegates_figures, members_figures, votes_needed
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, everyone_present


def test_worked_example_eleven_members_one_absent_with_reason_base_ten_six_votes() -> None:
    fig = members_figures(["present"] * 10 + ["absent_with_reason"])
    assert (fig.convened, fig.excluded, fig.base) == (11, 1, 10)
    assert votes_needed("party-2024", fig.roster) == 6


def test_absent_without_reason_stays_in_the_base() -> None:
    fig = members_figures(["present"] * 9 + ["absent", "absent_with_reason"])
    assert fig.base == 10
    assert fig.absent_without_reason == 1


def test_transferred_exempt_and_suspended_leave_the_base() -> None:
    fig = members_figures(["present", "temporarily_transferred", "exempt_from_activity",
                           "suspended"])
    assert fig.base == 1


def test_delegates_base_counts_an_absent_delegate_with_a_substitute() -> None:
    people = [Person("delegate", "present", id=1), Person("delegate", "absent", id=2),
              Person("delegate", "absent_with_reason", id=3),
              Person("alternate", "present", substitute_for=2, id=4)]
    fig = delegates_figures(people)
    assert (fig.convened, fig.excluded, fig.base) == (3, 1, 2)
    assert fig.present == 2
    assert fig.alternates_standing_in == 1


def test_members_congress_roster_is_the_official_members_of_the_subtree(hall: Hall) -> None:
    # 11 official members of the ward's branches; the shared fixture adds none here.
    assert hall.congress.attendees.count() == 11
    everyone_present(hall.congress, except_=1)
    fig = counting.figures(hall.congress)
    assert (fig.convened, fig.present, fig.base) == (11, 10, 10)


def test_check_in_by_card_token_marks_present(hall: Hall, cast: Cast) -> None:
    person = hall.congress.attendees.first()
    assert person is not None
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    url = reverse("congress:check_in", kwargs={"pk": hall.congress.pk})
    response = client.post(url, {"token": person.token + "\n"})
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.status == AttendanceStatus.PRESENT
    figures = client.get(reverse("congress:attendance", kwargs={"pk": hall.congress.pk}))
    assert b"1</span>" in figures.content


def test_check_in_by_name_search(hall: Hall, cast: Cast) -> None:
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    found = client.get(reverse("congress:roster_search", kwargs={"pk": hall.congress.pk}),
                       {"q": "Khánh"})
    assert "Hà Văn Khánh" in found.content.decode()
    person = hall.congress.attendees.get(full_name="Hà Văn Khánh")
    client.post(reverse("congress:check_in", kwargs={"pk": hall.congress.pk}),
                {"attendee": person.pk}, HTTP_HX_REQUEST="true")
    person.refresh_from_db()
    assert person.status == AttendanceStatus.PRESENT


def test_unknown_token_is_refused(hall: Hall, cast: Cast) -> None:
    with pytest.raises(actions.CongressError, match="Không tìm thấy"):
        actions.do_check_in(hall.congress, acting_user=cast.ward_office, token="khong-co")


def test_alternate_stands_in_for_absent_delegate(hall: Hall, cast: Cast) -> None:
    congress = hall.congress
    congress.kind = CongressKind.DELEGATES
    congress.save()
    congress.attendees.all().delete()
    d1 = actions.do_add_attendee(congress, acting_user=cast.ward_office, full_name="Lý Văn A")
    d2 = actions.do_add_attendee(congress, acting_user=cast.ward_office, full_name="Lý Văn B")
    alt = actions.do_add_attendee(congress, acting_user=cast.ward_office, full_name="Lý Văn C",
                                  role=AttendeeRole.ALTERNATE)
    actions.do_check_in(congress, acting_user=cast.ward_office, attendee=d1)
    assert counting.figures(congress).base == 1
    actions.do_set_attendance(alt, acting_user=cast.ward_office, status="present",
                              substitute_for=d2)
    assert counting.figures(congress).base == 2


def test_delegates_are_imported_from_a_pasted_list(hall: Hall, cast: Cast) -> None:
    congress = hall.congress
    congress.kind = CongressKind.DELEGATES
    congress.save()
    congress.attendees.all().delete()
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    client.post(reverse("congress:add_attendee", kwargs={"pk": congress.pk}),
                {"names": "Lý Văn A\nLý Thị B\n+ Lý Văn C\nLý Văn A\n"})
    roles = dict(congress.attendees.values_list("full_name", "role"))
    assert roles == {"Lý Văn A": "delegate", "Lý Thị B": "delegate", "Lý Văn C": "alternate"}
