"""A superior's staff and an organisation's office running the 2010 campaign in the browser.

Starting data that someone else would have made (the city's campaign, the ward's earlier
uploads) is built with the actions; everything the person under test does goes through the
pages: links, buttons, forms and file pickers.
"""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path
from typing import Any

import docx
import pytest
from django.core import mail
from django.utils import timezone
from openpyxl import load_workbook

from daihoi.accounts.models import User
from daihoi.campaigns import actions
from daihoi.campaigns.models import (
    Campaign,
    Comment,
    Congress,
    CongressDocument,
    DocumentType,
    PersonnelPlan,
    Position,
    Reminder,
)
from daihoi.orgs.models import Member
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, Cast, Tree

pytestmark = pytest.mark.django_db(transaction=True)

CAMPAIGN_NAME = "Đại hội các tổ chức cơ sở đảng, nhiệm kỳ 2010–2015"
PLAN = {
    "name": CAMPAIGN_NAME, "term_start": 2010, "term_end": 2015, "plan_number": "40-KH/TU",
    "plan_date": dt.date(2009, 10, 30), "directives": "Chỉ thị 37-CT/TW",
    "subordinate_deadline": dt.date(2010, 6, 30),
    "superior_congress_date": dt.date(2010, 8, 10),
}


@pytest.fixture(autouse=True)
def _argon_free(settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def docx_bytes(title: str, body: str) -> bytes:
    document = docx.Document()
    document.add_heading(title, level=1)
    document.add_paragraph(body)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def write_docx(folder: Path, name: str, title: str) -> Path:
    path = folder / name
    path.write_bytes(docx_bytes(title, "Phần thứ nhất: đánh giá nhiệm kỳ 2005–2010."))
    return path


def city_campaign(cast: Cast, tree: Tree) -> Campaign:
    return actions.do_create_campaign(acting_user=cast.city_staff, superior=tree.city, **PLAN)


def running_campaign(cast: Cast, tree: Tree) -> Campaign:
    """A campaign still running today (urging notices go out only while a campaign runs):
    its congresses were due ten days ago, its superior's congress is next month."""
    today = timezone.localdate()
    return actions.do_create_campaign(
        acting_user=cast.city_staff, superior=tree.city,
        **{**PLAN, "subordinate_deadline": today - dt.timedelta(days=10),
           "superior_congress_date": today + dt.timedelta(days=30)})


def ward_congress(campaign: Campaign, tree: Tree) -> Congress:
    return campaign.congresses.get(organization=tree.ward)


def ward_uploads_both(congress: Congress, user: User) -> list[CongressDocument]:
    return [actions.do_upload_document(congress, acting_user=user, doc_type=t,
                                       name=f"{t}.docx", data=docx_bytes(t, "Dự thảo lần 1."))
            for t in DocumentType.values]


def follow(page: Any, target: Any) -> None:
    """Click a link or a form's button and wait for the page it leads to."""
    with page.expect_navigation():
        target.click()


def as_user(page: Any, base: str, username: str) -> None:
    page.context.clear_cookies()
    sign_in(page, base, username, PASSWORD)


def messages_text(page: Any) -> str:
    return str(page.locator(".messages").inner_text())


def main_text(page: Any) -> str:
    return str(page.locator("main").inner_text())


def open_ward_congress_from_dashboard(page: Any, base: str, campaign: Campaign) -> None:
    page.goto(f"{base}/dot-dai-hoi/{campaign.pk}/")
    follow(page, page.locator(".campaign-nav").get_by_role("link", name="Các đại hội"))
    follow(page, page.get_by_role("link", name="Đảng bộ phường Một"))


def test_superior_staff_sets_up_the_2010_campaign_and_gets_one_congress_per_grassroots_org(
    page: Any, live_server: Any, cast: Cast, tree: Tree, members: list[Member]
) -> None:
    base = live_server.url
    sign_in(page, base, "city_staff", PASSWORD)
    follow(page, page.locator("header nav").get_by_role("link", name="Đợt đại hội"))
    follow(page, page.get_by_role("link", name="Tạo đợt đại hội"))
    page.fill("input[name=name]", CAMPAIGN_NAME)
    page.fill("input[name=term_start]", "2010")
    page.fill("input[name=term_end]", "2015")
    page.fill("input[name=plan_number]", "40-KH/TU")
    page.fill("input[name=plan_date]", "2009-10-30")
    page.fill("textarea[name=directives]", "Chỉ thị 37-CT/TW")
    page.fill("input[name=subordinate_deadline]", "2010-06-30")
    page.fill("input[name=superior_congress_date]", "2010-08-10")
    follow(page, page.locator("main button.primary"))
    campaign = Campaign.objects.get()
    assert page.url == f"{base}/dot-dai-hoi/{campaign.pk}/"
    assert "Đã tạo đợt đại hội với 2 đại hội." in messages_text(page)
    facts = str(page.locator("dl.facts").inner_text())
    for text in ["Đảng bộ thành phố Mẫu", "2010–2015", "40-KH/TU, 30/10/2009",
                 "Chỉ thị 37-CT/TW", "30/06/2010", "10/08/2010"]:
        assert text in facts
    follow(page, page.locator(".campaign-nav").get_by_role("link", name="Các đại hội"))
    names = page.locator("table.grid tbody td:first-child").all_inner_texts()
    assert names == ["Đảng bộ phường Một", "Chi bộ Trường Hai"]
    assert "2 đại hội" in main_text(page)
    # A finished campaign is judged at its end (the superior's congress), never at today.
    days = (dt.date(2010, 8, 10) - dt.date(2010, 6, 30)).days
    late = page.locator("table.grid tbody td.late").all_inner_texts()
    assert late == [f"Đã tổ chức đại hội ({days})"] * 2
    assert campaign.superior == tree.city
    assert campaign.plan_number == "40-KH/TU"
    official = {c.organization.code: c.official_members
                for c in campaign.congresses.select_related("organization")}
    assert official == {"T-TP-P1": 3, "T-TP-TH2": 1}


def test_the_ward_office_uploads_its_documents_and_a_fake_docx_is_refused_without_loss(
    page: Any, live_server: Any, cast: Cast, tree: Tree, tmp_path: Path
) -> None:
    base = live_server.url
    campaign = city_campaign(cast, tree)
    congress = ward_congress(campaign, tree)
    report = write_docx(tmp_path, "bao-cao-chinh-tri.docx", "BÁO CÁO CHÍNH TRỊ")
    fake = tmp_path / "kiem-diem.docx"
    fake.write_text("Báo cáo kiểm điểm (văn bản thường, không phải Word)", encoding="utf-8")
    review = write_docx(tmp_path, "kiem-diem-that.docx", "BÁO CÁO KIỂM ĐIỂM")

    sign_in(page, base, "ward_office", PASSWORD)
    follow(page, page.locator(".campaign-panel").get_by_role("link", name=CAMPAIGN_NAME))
    assert page.url == f"{base}/dot-dai-hoi/dai-hoi/{congress.pk}/"
    assert "Đang chuẩn bị" in str(page.locator("dl.facts").inner_text())
    follow(page, page.get_by_role("link", name="Tải lên văn kiện"))
    page.select_option("select[name=doc_type]", DocumentType.POLITICAL_REPORT)
    page.set_input_files("input[name=file]", str(report))
    page.fill("textarea[name=note]", "Dự thảo lần 1")
    follow(page, page.locator("main button.primary"))
    assert "Đã tải lên văn kiện." in messages_text(page)
    assert "Báo cáo chính trị · bản 1" in main_text(page)

    follow(page, page.get_by_role("link", name="Tải lên văn kiện"))
    page.select_option("select[name=doc_type]", DocumentType.SELF_REVIEW)
    page.set_input_files("input[name=file]", str(fake))
    page.fill("textarea[name=note]", "Bản kiểm điểm tập thể Ban Thường vụ")
    follow(page, page.locator("main button.primary"))
    assert ("“kiem-diem.docx” không phải là văn bản Word (.docx) hoặc PDF."
            in str(page.locator("p.error").inner_text()))
    assert page.input_value("textarea[name=note]") == "Bản kiểm điểm tập thể Ban Thường vụ"
    assert page.input_value("select[name=doc_type]") == DocumentType.SELF_REVIEW
    assert list(CongressDocument.objects.values_list("doc_type", "version")) == [
        (DocumentType.POLITICAL_REPORT, 1)]

    page.set_input_files("input[name=file]", str(review))
    follow(page, page.locator("main button.primary"))
    follow(page, page.get_by_role("button", name="Chuyển sang “Đã nộp văn kiện”"))
    assert "Đã nộp văn kiện" in str(page.locator("dl.facts").inner_text())
    with page.expect_download() as download:
        page.get_by_role("link", name="bao-cao-chinh-tri.docx").click()
    saved = tmp_path / "tai-ve.docx"
    download.value.save_as(saved)
    assert docx.Document(str(saved)).paragraphs[0].text == "BÁO CÁO CHÍNH TRỊ"


def test_the_city_comments_and_the_ward_replies_and_uploads_a_revision(
    page: Any, live_server: Any, cast: Cast, tree: Tree, tmp_path: Path
) -> None:
    base = live_server.url
    campaign = city_campaign(cast, tree)
    congress = ward_congress(campaign, tree)
    report = ward_uploads_both(congress, cast.ward_office)[0]
    actions.do_submit_documents(congress, acting_user=cast.ward_office)

    sign_in(page, base, "city_staff", PASSWORD)
    open_ward_congress_from_dashboard(page, base, campaign)
    section = page.locator(f"#doc-{report.pk}")
    section.get_by_label("Cho ý kiến vào bản này").fill(
        "Đề nghị đánh giá rõ hơn nguyên nhân của những hạn chế.")
    follow(page, section.get_by_role("button", name="Gửi ý kiến"))
    assert "Đã lưu ý kiến." in messages_text(page)
    follow(page, page.get_by_role("button", name="Chuyển sang “Đã cho ý kiến”"))
    assert "Đã cho ý kiến" in str(page.locator("dl.facts").inner_text())

    as_user(page, base, "ward_office")
    page.goto(f"{base}/dot-dai-hoi/dai-hoi/{congress.pk}/")
    comment = page.locator(f"#doc-{report.pk} .comment.depth-0")
    assert "nguyên nhân của những hạn chế" in str(comment.inner_text())
    assert page.locator(f"#doc-{report.pk} .new-comment").count() == 0
    comment.locator("summary", has_text="Trả lời").click()
    comment.get_by_label("Trả lời").fill("Đã bổ sung ở mục 2, phần thứ nhất.")
    follow(page, comment.get_by_role("button", name="Trả lời"))
    reply = page.locator(f"#doc-{report.pk} .comment.depth-1")
    assert "Đã bổ sung ở mục 2" in str(reply.inner_text())

    follow(page, page.get_by_role("link", name="Tải lên văn kiện"))
    page.select_option("select[name=doc_type]", DocumentType.POLITICAL_REPORT)
    page.set_input_files("input[name=file]",
                         str(write_docx(tmp_path, "bao-cao-lan-2.docx", "BÁO CÁO (lần 2)")))
    page.fill("textarea[name=note]", "Đã tiếp thu ý kiến của Thành ủy.")
    follow(page, page.locator("main button.primary"))
    text = main_text(page)
    assert "Báo cáo chính trị · bản 2" in text
    assert "Báo cáo chính trị · bản 1" in text
    assert "Đã tiếp thu ý kiến của Thành ủy." in text
    assert Comment.objects.filter(parent__isnull=False, author=cast.ward_office).count() == 1


def test_the_ward_builds_its_personnel_plan_and_the_city_approves_it(
    page: Any, live_server: Any, cast: Cast, tree: Tree, members: list[Member]
) -> None:
    base = live_server.url
    campaign = city_campaign(cast, tree)
    congress = ward_congress(campaign, tree)
    ward_uploads_both(congress, cast.ward_office)
    actions.do_submit_documents(congress, acting_user=cast.ward_office)
    actions.do_give_comments(congress, acting_user=cast.city_staff)

    sign_in(page, base, "ward_office", PASSWORD)
    page.goto(f"{base}/dot-dai-hoi/dai-hoi/{congress.pk}/")
    follow(page, page.get_by_role("link", name="Phương án nhân sự"))
    options = page.locator("select[name=committee] option").all_inner_texts()
    assert "Vi Thị Hoa (1970)" not in options  # probationary: not eligible
    assert "Trần Đức An (1970)" not in options  # another organisation
    page.fill("input[name=committee_size]", "2")
    page.select_option("select[name=committee]",
                       label=["Hoàng Thị Lan (1970)", "Nông Văn Minh (1970)"])
    page.select_option("select[name=secretary]", label="Hoàng Thị Lan (1970)")
    page.select_option("select[name=deputies]", label=["Nông Văn Minh (1970)"])
    page.select_option("select[name=new_to_committee]", label=["Nông Văn Minh (1970)"])
    page.select_option("select[name=backups]", label=["Lương Văn Tài (1970)"])
    follow(page, page.get_by_role("button", name="Lưu phương án"))
    assert "Đã lưu phương án nhân sự." in messages_text(page)
    women = page.locator("table.figures tbody tr", has_text="Nữ").locator("td")
    assert women.all_inner_texts()[1:3] == ["1", "50,0"]
    assert "chưa phê duyệt" in str(page.locator("dl.facts").inner_text())

    as_user(page, base, "city_staff")
    page.goto(f"{base}/dot-dai-hoi/{campaign.pk}/")
    assert state_counts(page)["Đã cho ý kiến"] == "1"
    assert state_counts(page)["Đã duyệt phương án nhân sự"] == "0"
    follow(page, page.locator("table.states a[href$='?state=comments_given']"))
    assert page.locator("table.grid tbody td:first-child").all_inner_texts() == [
        "Đảng bộ phường Một"]
    follow(page, page.get_by_role("link", name="Đảng bộ phường Một"))
    follow(page, page.get_by_role("button", name="Chuyển sang “Đã duyệt phương án nhân sự”"))
    assert "Đã duyệt phương án nhân sự" in str(page.locator("dl.facts").inner_text())
    follow(page, page.get_by_role("link", name="Phương án nhân sự"))
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert f"đã phê duyệt ngày {today}" in str(page.locator("dl.facts").inner_text())
    assert page.locator("form.plan-form").count() == 0
    page.goto(f"{base}/dot-dai-hoi/{campaign.pk}/")
    assert state_counts(page)["Đã cho ý kiến"] == "0"
    assert state_counts(page)["Đã duyệt phương án nhân sự"] == "1"
    plan = PersonnelPlan.objects.get(congress=congress)
    assert plan.approved_by == cast.city_staff
    assert {(e.position, e.member.full_name, e.new_to_committee)
            for e in plan.entries.select_related("member")} == {
        (Position.COMMITTEE, "Hoàng Thị Lan", False), (Position.COMMITTEE, "Nông Văn Minh", True),
        (Position.SECRETARY, "Hoàng Thị Lan", False), (Position.DEPUTY, "Nông Văn Minh", False),
        (Position.BACKUP, "Lương Văn Tài", False)}


def day(cell: object) -> dt.date:
    assert isinstance(cell, dt.datetime), cell
    return cell.date()


def state_counts(page: Any) -> dict[str, str]:
    heads = page.locator("table.states thead th").all_inner_texts()
    cells = page.locator("table.states tbody td").all_inner_texts()
    return {h.strip(): c.strip() for h, c in zip(heads, cells, strict=True)}


def test_the_city_chases_the_late_organisations_and_the_ward_sees_the_notice(
    page: Any, live_server: Any, cast: Cast, tree: Tree
) -> None:
    base = live_server.url
    cast.ward_office.email = "vanphong.phuongmot@example.org"
    cast.ward_office.save(update_fields=["email"])
    campaign = running_campaign(cast, tree)

    sign_in(page, base, "city_staff", PASSWORD)
    page.goto(f"{base}/dot-dai-hoi/{campaign.pk}/")
    page.get_by_role("checkbox", name="Đảng bộ phường Một").first.check()
    follow(page, page.get_by_role("button", name="Gửi công văn đôn đốc"))
    assert "Đã gửi công văn đôn đốc tới 1 tổ chức." in messages_text(page)
    assert [r.congress.organization.code for r in Reminder.objects.all()] == ["T-TP-P1"]
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["vanphong.phuongmot@example.org"]
    assert "Đảng bộ phường Một" in mail.outbox[0].subject

    follow(page, page.get_by_role("button", name="Gửi công văn đôn đốc"))  # none ticked: the rest
    assert "Đã gửi công văn đôn đốc tới 1 tổ chức." in messages_text(page)
    follow(page, page.get_by_role("button", name="Gửi công văn đôn đốc"))
    assert "Không có công văn đôn đốc nào cần gửi" in messages_text(page)
    assert Reminder.objects.count() == 2

    as_user(page, base, "ward_office")
    assert "1 thông báo" in str(page.locator("header .notices").inner_text())
    panel = str(page.locator(".campaign-panel").inner_text())
    assert "1 thông báo chưa đọc" in panel
    assert "Công văn đôn đốc: Đảng bộ phường Một" in panel
    follow(page, page.locator("header .notices"))
    notice = page.locator("article.notice.unread")
    assert "Đề nghị khẩn trương hoàn thành" in str(notice.inner_text())
    follow(page, page.get_by_role("button", name="Đánh dấu đã đọc tất cả"))
    assert page.locator("article.notice.unread").count() == 0
    assert page.locator("header .notices").count() == 0
    follow(page, page.get_by_role("link", name="Mở đại hội"))
    sent = page.locator("h2", has_text="Công văn đôn đốc").locator(
        "xpath=following-sibling::ul[1]")
    assert str(sent.inner_text()).strip() == (
        f"{timezone.localdate():%d/%m/%Y}: Đã tổ chức đại hội")


def test_the_city_exports_the_status_to_a_workbook_that_opens(
    page: Any, live_server: Any, cast: Cast, tree: Tree, members: list[Member],
    tmp_path: Path
) -> None:
    base = live_server.url
    campaign = city_campaign(cast, tree)
    congress = ward_congress(campaign, tree)
    actions.do_update_congress(congress, acting_user=cast.ward_office, kind="members",
                               planned_date=dt.date(2010, 5, 15), place="Hội trường phường")
    ward_uploads_both(congress, cast.ward_office)
    actions.do_submit_documents(congress, acting_user=cast.ward_office)

    sign_in(page, base, "city_staff", PASSWORD)
    page.goto(f"{base}/dot-dai-hoi/{campaign.pk}/")
    with page.expect_download() as download:
        page.get_by_role("link", name="Xuất ra Excel").click()
    assert download.value.suggested_filename == f"dot-dai-hoi-{campaign.pk}.xlsx"
    path = tmp_path / "trang-thai.xlsx"
    download.value.save_as(path)
    sheet = load_workbook(path).active
    assert sheet is not None
    rows = [list(r) for r in sheet.iter_rows(values_only=True)]
    assert rows[0][0] == f"{campaign.name} ({campaign.plan_number})"
    assert rows[1][0] == "Bộ lọc: không (mọi đại hội của đợt)."  # the list was not filtered
    header = rows[4]  # under the three lines that say what the sheet holds, and a blank line
    assert header[:8] == ["Tổ chức", "Mã", "Hình thức", "Trạng thái", "Đảng viên chính thức",
                          "Ngày dự kiến", "Ngày tổ chức", "Địa điểm"]
    by_code = {r[1]: dict(zip(header, r, strict=True)) for r in rows[5:]}
    assert set(by_code) == {"T-TP-P1", "T-TP-TH2"}
    ward, school = by_code["T-TP-P1"], by_code["T-TP-TH2"]
    assert ward["Tổ chức"] == "Đảng bộ phường Một"
    assert ward["Trạng thái"] == "Đã nộp văn kiện"
    assert ward["Đảng viên chính thức"] == 3
    assert school["Đảng viên chính thức"] == 1
    assert day(ward["Ngày dự kiến"]) == dt.date(2010, 5, 15)
    assert ward["Địa điểm"] == "Hội trường phường"
    assert school["Trạng thái"] == "Đang chuẩn bị"
    congress_due = "Đã tổ chức đại hội: hạn"
    assert day(ward[congress_due]) == dt.date(2010, 6, 30)
    assert ward["Đã tổ chức đại hội: quá hạn"] == "có"


def test_an_observer_sees_the_dashboard_but_no_button_that_changes_anything(
    page: Any, live_server: Any, cast: Cast, tree: Tree
) -> None:
    base = live_server.url
    campaign = city_campaign(cast, tree)
    congress = ward_congress(campaign, tree)
    report = ward_uploads_both(congress, cast.ward_office)[0]
    actions.do_submit_documents(congress, acting_user=cast.ward_office)
    actions.do_comment(report, acting_user=cast.city_staff, body="Cần bổ sung số liệu.")

    sign_in(page, base, "observer", PASSWORD)
    page.goto(f"{base}/dot-dai-hoi/")
    assert page.get_by_role("link", name="Tạo đợt đại hội").count() == 0
    follow(page, page.get_by_role("link", name=CAMPAIGN_NAME))
    assert "40-KH/TU" in str(page.locator("dl.facts").inner_text())
    assert state_counts(page)["Đã nộp văn kiện"] == "1"
    main = page.locator("main")
    assert main.get_by_role("link", name="Sửa đợt đại hội").count() == 0
    assert main.locator("input[type=checkbox]").count() == 0
    # The only button shows the campaign as of another day: it reads, it changes nothing.
    assert main.get_by_role("button").all_inner_texts() == ["Xem"]
    open_ward_congress_from_dashboard(page, base, campaign)
    assert "Cần bổ sung số liệu." in main_text(page)
    main = page.locator("main")
    assert main.locator("form").count() == 0
    assert main.get_by_role("button").count() == 0
    for label in ["Tải lên văn kiện", "Hình thức, ngày và địa điểm", "Trả lời"]:
        assert main.get_by_text(label, exact=True).count() == 0, label
    response = page.goto(f"{base}/dot-dai-hoi/tao/")
    assert response is not None
    assert response.status == 403
