"""The roster and the base, clause by clause: QĐ 190-QĐ/TW Điều 30 (QĐ 244-QĐ/TW Điều 32
khoản 2 for a members' congress, khoản 3 for a delegates' congress)."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from daihoi.congress import actions, counting
from daihoi.congress.models import AttendanceStatus, AttendeeRole, CongressKind
from daihoi.congress.roster import (
    EXCLUDED_STATUSES,
    Person,
    delegates_exclusions,
    delegates_figures,
    members_figures,
    votes_needed,
)
from daihoi.election import load_rulebook
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, everyone_present

PARTY = load_rulebook("party-2024")


def test_worked_example_eleven_members_one_absent_with_approved_reason_base_ten_six_votes() -> (
        None):
    """QĐ 190 Điều 30 (QĐ 244 Điều 32 khoản 2): "trừ … đảng viên chính thức vắng mặt suốt
    thời gian đại hội có lý do chính đáng được cấp ủy triệu tập đại hội đồng ý". The figures are
    a dangcongsan.vn Q&A's example, not the regulation's."""
    fig = members_figures(["present"] * 10 + ["absent_approved"])
    assert (fig.convened, fig.excluded, fig.base) == (11, 1, 10)
    assert votes_needed(PARTY, fig.roster) == 6


def test_absent_with_a_reason_the_committee_did_not_approve_stays_in_the_base() -> None:
    """Điều 30 excludes only an absence "có lý do chính đáng được cấp ủy triệu tập đại hội đồng
    ý": a reason the committee has not approved, or no reason, leaves the member counted."""
    fig = members_figures(["present"] * 9 + ["absent", "absent_not_approved"])
    assert (fig.base, fig.excluded) == (11, 0)
    assert (fig.absent_without_reason, fig.absent_with_reason) == (1, 1)


def test_an_exempt_member_who_is_not_present_leaves_the_base() -> None:
    """Điều 30: "trừ … đảng viên đã được miễn công tác và sinh hoạt đảng không có mặt ở đại
    hội"."""
    fig = members_figures(["present", "present", "exempt_from_activity"])
    assert (fig.base, fig.excluded_by_reason) == (2, (("exempt_from_activity", 1),))


def test_an_exempt_member_who_attends_and_votes_counts_in_the_base() -> None:
    """Điều 30: "(nếu đảng viên đó có mặt ở đại hội, hội nghị đảng viên, tham gia bầu cử, biểu
    quyết thì vẫn tính)"."""
    fig = members_figures(["present", "present", "exempt_present"])
    assert (fig.base, fig.present, fig.excluded) == (3, 3, 0)


def test_a_temporarily_transferred_member_leaves_the_base() -> None:
    """Điều 30: "trừ số đảng viên đã được giới thiệu sinh hoạt tạm thời ở đảng bộ khác"."""
    assert members_figures(["present", "temporarily_transferred"]).base == 1


@pytest.mark.parametrize("status", ["suspended", "prosecuted", "detained"])
def test_suspended_prosecuted_indicted_or_detained_members_leave_the_base(status: str) -> None:
    """Điều 30: "số đảng viên bị đình chỉ sinh hoạt đảng, bị khởi tố, truy tố, tạm giam":
    three statuses, each its own, each out of the base."""
    fig = members_figures(["present", "present", status])
    assert (fig.base, fig.excluded_by_reason) == (2, ((status, 1),))


def test_every_members_status_is_either_counted_or_excluded_with_a_reason() -> None:
    excluded = set(EXCLUDED_STATUSES)
    counted = {"present", "exempt_present", "absent", "absent_not_approved"}
    assert excluded | counted == set(AttendanceStatus.values)
    assert not excluded & counted


def test_delegates_base_counts_an_absent_delegate_with_a_substitute() -> None:
    """QĐ 244 Điều 32 khoản 3: "trừ số … đại biểu chính thức vắng mặt suốt thời gian đại hội
    không có đại biểu dự khuyết thay thế"."""
    people = [Person("delegate", "present", id=1), Person("delegate", "absent", id=2),
              Person("delegate", "absent_approved", id=3),
              Person("alternate", "present", substitute_for=2, id=4)]
    fig = delegates_figures(people)
    assert (fig.convened, fig.excluded, fig.base) == (3, 1, 2)
    assert fig.present == 2
    assert fig.alternates_standing_in == 1
    assert delegates_exclusions(people) == {3: "delegate_absent_uncovered"}


def test_an_absent_committee_member_of_the_convening_level_leaves_the_delegates_base() -> None:
    """QĐ 244 Điều 32 khoản 3: "trừ số cấp ủy viên cấp triệu tập đại hội vắng mặt suốt thời
    gian đại hội"; present, they count like any official delegate."""
    people = [Person("delegate", "present", id=1), Person("committee_member", "present", id=2),
              Person("committee_member", "absent_approved", id=3)]
    fig = delegates_figures(people)
    assert (fig.convened, fig.excluded, fig.base) == (3, 1, 2)
    assert fig.excluded_by_reason == (("committee_member_absent", 1),)


def test_the_roster_page_says_why_each_excluded_person_is_not_counted(
        hall: Hall, cast: Cast) -> None:
    rows = list(hall.congress.attendees.order_by("id"))
    for row, status in zip(rows, ["prosecuted", "absent_approved", "exempt_present", "absent"],
                           strict=False):
        actions.do_set_attendance(row, acting_user=cast.ward_office, status=status)
    client = Client()
    client.login(username="ward_office", password=PASSWORD)
    page = client.get(reverse("congress:roster", kwargs={"pk": hall.congress.pk})).content.decode()
    assert "Không tính: bị khởi tố, truy tố" in page
    assert ("Không tính: vắng mặt suốt thời gian đại hội có lý do chính đáng được cấp ủy triệu "
            "tập đại hội đồng ý") in page
    assert "Điều 30, QĐ 190-QĐ/TW (10/10/2024)" in page
    assert page.count("Không tính:") == 2
    assert "Có tính: được miễn công tác và sinh hoạt đảng nhưng có mặt và tham gia bầu cử" in page
    assert "Có tính: vắng mặt không có lý do" in page


def test_an_exempt_member_checking_in_counts_and_stays_marked_exempt(
        hall: Hall, cast: Cast) -> None:
    """Điều 30: an exempt member "có mặt ở đại hội … thì vẫn tính"."""
    person = hall.congress.attendees.first()
    assert person is not None
    actions.do_set_attendance(person, acting_user=cast.ward_office,
                              status=AttendanceStatus.EXEMPT_FROM_ACTIVITY)
    before = counting.figures(hall.congress).base
    actions.do_check_in(hall.congress, acting_user=cast.ward_office, token=person.token)
    person.refresh_from_db()
    assert person.status == AttendanceStatus.EXEMPT_PRESENT
    assert counting.figures(hall.congress).base == before + 1


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


def test_the_migration_keeps_old_absences_with_reason_out_of_the_base(hall: Hall) -> None:
    """Before, "absent with reason" left the base with no record of the committee's consent;
    migration 0003 maps it to "approved by the convening committee", so congresses already
    counted keep their base."""
    from importlib import import_module

    from django.apps import apps

    migration = import_module(
        "daihoi.congress.migrations.0003_attendance_by_the_base_clauses_and_uploaded_rulebooks")
    person = hall.congress.attendees.first()
    assert person is not None
    type(person).objects.filter(pk=person.pk).update(status="absent_with_reason")
    migration.absent_with_reason_was_excluded(apps, None)
    person.refresh_from_db()
    assert person.status == AttendanceStatus.ABSENT_APPROVED
    assert counting.figures(hall.congress).excluded == 1
