"""Campaign pages as of a date: a finished campaign is judged at its own end, never at the
clock; a chosen day shows the states as they were then, and every link keeps it."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings
from django.test import Client
from openpyxl import load_workbook
from typer.testing import CliRunner

from daihoi.campaigns import actions
from daihoi.campaigns.models import Campaign, Congress, Reminder
from daihoi.cli.main import _register, app
from tests.campaigns.conftest import client_for
from tests.campaigns.helpers import docx_bytes
from tests.conftest import Cast, Tree, make_member

TZ = ZoneInfo("Asia/Ho_Chi_Minh")


def _at(day: dt.date, hour: int = 9) -> dt.datetime:
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=TZ)


def _walk(congress: Congress, tree: Tree, held_on: dt.date, *, report: bool) -> None:
    """Through the workflow with 2010 dates, as the steps were taken."""
    for doc_type in ("political_report", "self_review"):
        actions.do_upload_document(congress, acting_user=None, doc_type=doc_type,
                                   name="a.docx", data=docx_bytes("x"),
                                   at=_at(dt.date(2010, 2, 15)))
    actions.do_submit_documents(congress, acting_user=None, at=_at(dt.date(2010, 2, 20)))
    actions.do_give_comments(congress, acting_user=None, at=_at(dt.date(2010, 3, 10)))
    secretary = make_member(tree.branch_a if congress.organization == tree.ward
                            else tree.school, f"Hoàng Văn Bí {congress.pk}")
    actions.do_save_personnel_plan(congress, acting_user=None, committee_size=3,
                                   committee=[secretary], secretary=secretary)
    actions.do_approve_personnel_plan(congress, acting_user=None, at=_at(dt.date(2010, 3, 25)))
    actions.do_mark_congress_held(congress, acting_user=None, held_on=held_on,
                                  at=_at(held_on, 17))
    if report:
        actions.do_report_results(congress, acting_user=None,
                                  at=_at(held_on + dt.timedelta(days=2)))


@pytest.fixture
def walked(campaign: Campaign, tree: Tree) -> Campaign:
    """The ward held its congress on 20/5/2010 and reported on 22/5; the school held its
    congress on 14/6/2010 and never reported. The campaign ended on 10/8/2010."""
    ward = campaign.congresses.get(organization=tree.ward)
    school = campaign.congresses.get(organization=tree.school)
    Congress.objects.filter(pk__in=[ward.pk, school.pk]).update(planned_date=dt.date(2010, 5, 20))
    _walk(ward, tree, dt.date(2010, 5, 20), report=True)
    _walk(school, tree, dt.date(2010, 6, 14), report=False)
    return campaign


def _figure(page: str, key: str) -> int:
    found = re.search(rf'data-figure="{key}"><span class="n">(?:<a [^>]*>)?(\d+)', page)
    assert found, key
    return int(found.group(1))


def test_a_finished_campaign_opens_judged_at_its_end_not_at_the_clock(
        walked: Campaign, cast: Cast, tree: Tree) -> None:
    page = client_for(cast.city_staff).get(f"/dot-dai-hoi/{walked.pk}/").content.decode()
    assert "Quá hạn (10/08/2010)" in page
    # The school's results were due on 10/7/2010: 31 days late on 10/8/2010.
    assert re.search(r'<td class="num late">31</td>', page)
    assert not re.search(r"/20(1[1-9]|2\d)\b", page)  # no later year on the page
    assert (_figure(page, "held"), _figure(page, "results_reported"),
            _figure(page, "held_not_reported"), _figure(page, "overdue")) == (2, 1, 1, 1)
    assert "đã kết thúc" in page  # the page says why this day
    assert "Gửi thông báo đôn đốc" not in page  # nobody is urged once a campaign is over


def test_a_chosen_day_shows_the_states_of_that_day_and_every_link_keeps_it(
        walked: Campaign, cast: Cast) -> None:
    client = client_for(cast.city_staff)
    page = client.get(f"/dot-dai-hoi/{walked.pk}/?ngay=2010-03-12").content.decode()
    assert 'data-state="comments_given"><a href="/dot-dai-hoi/' in page
    assert re.search(r'data-state="comments_given"><a [^>]*>2<', page)
    assert _figure(page, "held") == 0
    assert "Quá hạn (12/03/2010)" in page
    assert 'value="2010-03-12"' in page
    for path in ("dai-hoi/", "lich/", "xuat.xlsx", "bieu-do.svg"):
        assert f"/dot-dai-hoi/{walked.pk}/{path}?ngay=2010-03-12" in page, path
    assert f"/bao-cao/{walked.pk}/?ngay=2010-03-12" in page
    report = client.get(f"/bao-cao/{walked.pk}/?ngay=2010-03-12").content.decode()
    assert "12/03/2010" in report
    for path in ("bao-cao.docx", "so-lieu.json", "tien-do.svg"):
        assert f"/bao-cao/{walked.pk}/{path}?ngay=2010-03-12" in report, path


def test_the_list_export_and_calendar_show_the_states_of_the_day(
        walked: Campaign, cast: Cast, tree: Tree) -> None:
    client = client_for(cast.city_staff)
    page = client.get(f"/dot-dai-hoi/{walked.pk}/dai-hoi/?ngay=2010-06-15&state=held"
                      ).content.decode()
    assert tree.school.name in page
    assert tree.ward.name not in page  # it had reported by then
    response = client.get(f"/dot-dai-hoi/{walked.pk}/xuat.xlsx?ngay=2010-06-15&state=held")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0]
                .iter_rows(values_only=True))
    assert rows[2][0] == "Trạng thái và quá hạn tính đến ngày 15/06/2010. Số đại hội: 1."
    header, line = rows[4], rows[5]
    assert line[header.index("Trạng thái")] == "Đã tổ chức đại hội"
    calendar = client.get(f"/dot-dai-hoi/{walked.pk}/lich/?ngay=2010-05-10&thang=2010-05"
                          ).content.decode()
    # On 10/5 neither congress had been held: both are planned for 20/5.
    assert calendar.count('class="cal-item planned"') == 3  # two congresses and the legend
    assert 'class="cal-item held"' in calendar  # the legend only
    later = client.get(f"/dot-dai-hoi/{walked.pk}/lich/?ngay=2010-05-21&thang=2010-05"
                       ).content.decode()
    assert later.count('class="cal-item held"') == 2  # the ward, and the legend


def test_calendar_buttons_write_months_like_the_title(walked: Campaign, cast: Cast) -> None:
    page = client_for(cast.city_staff).get(
        f"/dot-dai-hoi/{walked.pk}/lich/?thang=2010-04&kind=members").content.decode()
    assert "04/2010" in page
    assert "‹ 03/2010" in page
    assert "05/2010 ›" in page
    assert "2010-03<" not in page
    assert "‹ 2010" not in page
    assert "?thang=2010-03&amp;kind=members" in page


def test_any_milestone_is_a_filter_of_the_list_and_the_export(
        walked: Campaign, cast: Cast, tree: Tree) -> None:
    client = client_for(cast.city_staff)
    page = client.get(f"/dot-dai-hoi/{walked.pk}/dai-hoi/?late=any").content.decode()
    assert 'value="any" selected' in page
    assert tree.school.name in page
    assert tree.ward.name not in page
    response = client.get(f"/dot-dai-hoi/{walked.pk}/xuat.xlsx?late=any")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0]
                .iter_rows(values_only=True))
    assert rows[1][0] == "Bộ lọc: Quá hạn: bất kỳ mốc nào."
    assert [r[0] for r in rows[5:]] == [tree.school.name]


def test_the_export_writes_states_in_words_in_the_users_language(
        walked: Campaign, cast: Cast) -> None:
    client = client_for(cast.city_staff)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    response = client.get(f"/dot-dai-hoi/{walked.pk}/xuat.xlsx")
    rows = list(load_workbook(io.BytesIO(response.content)).worksheets[0]
                .iter_rows(values_only=True))
    header = rows[4]
    states = [str(r[header.index("State")]) for r in rows[5:]]
    assert sorted(states) == ["Congress held", "Results reported"]
    codes = {"held", "results_reported", "results_approved", "personnel_plan_approved",
             "members", "delegates", "None"}
    assert not codes & {str(v) for r in rows for v in r if v is not None}


def test_urging_notices_are_refused_once_the_campaign_is_over(
        walked: Campaign, cast: Cast) -> None:
    with pytest.raises(actions.WorkflowError, match="10/08/2010"):
        actions.do_send_reminders(walked, acting_user=cast.city_staff,
                                  today=dt.date(2026, 12, 2))
    # Nor by judging lateness on a day when it still ran: it is over now.
    with pytest.raises(actions.WorkflowError, match="10/08/2010"):
        actions.do_send_reminders(walked, acting_user=None, today=dt.date(2010, 7, 20))
    client = client_for(cast.city_staff)
    response = client.post(f"/dot-dai-hoi/{walked.pk}/don-doc/", follow=True)
    assert "chỉ gửi thông báo đôn đốc khi đợt đại hội đang diễn ra" in response.content.decode()
    _register()
    result = CliRunner().invoke(app, ["campaign", "remind", "T-TP"])
    assert result.exit_code == 1
    assert "error:" in result.output
    assert "10/08/2010" in result.output
    assert len(result.output.strip().splitlines()) <= 2
    assert Reminder.objects.count() == 0


def test_a_date_that_is_no_date_is_said_so(walked: Campaign, cast: Cast) -> None:
    page = client_for(cast.city_staff).get(f"/dot-dai-hoi/{walked.pk}/?ngay=31-02-2010",
                                           follow=True).content.decode()
    assert "“31-02-2010” không phải là ngày" in page
    assert "Quá hạn (10/08/2010)" in page


def test_the_api_gives_the_dashboards_figures_as_of_a_day(walked: Campaign, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.city_staff)
    data = client.get(f"/api/v1/campaigns/{walked.pk}").json()
    assert (data["as_of"], data["finished"], data["chosen"]) == ("2010-08-10", True, False)
    figures = data["figures"]
    assert (figures["held"], figures["results_reported"], figures["held_not_reported"]) \
        == (2, 1, 1)
    then = client.get(f"/api/v1/campaigns/{walked.pk}?as_of=2010-03-12").json()["figures"]
    assert then["by_state"]["comments_given"] == 2
    rows = client.get(f"/api/v1/campaigns/{walked.pk}/congresses?late=any").json()
    assert [r["state_name"] for r in rows["results"]] == ["Đã tổ chức đại hội"]
    assert rows["results"][0]["late"][0]["days_late"] == 31
    assert client.get(f"/api/v1/campaigns/{walked.pk}?as_of=2010-13-01").status_code == 400
    assert client.get(f"/api/v1/campaigns/{walked.pk}/congresses?late=soon").status_code \
        == 400


def test_the_api_lists_the_campaigns_a_page_at_a_time(walked: Campaign, cast: Cast) -> None:
    client = Client()
    client.force_login(cast.city_staff)
    data = client.get("/api/v1/campaigns").json()
    assert (data["count"], data["page"], data["pages"]) == (1, 1, 1)
    assert data["results"][0]["superior"] == "T-TP"
    client.force_login(cast.ward_office)  # sees its own congress, may not monitor the campaign
    assert client.get("/api/v1/campaigns").json()["count"] == 0
    assert client.get(f"/api/v1/campaigns/{walked.pk}").status_code == 403
