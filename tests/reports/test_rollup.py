"""The roll-up and its prose follow the data: on plan, then a late congress, a plan name not
elected, a backup used, a transferred cadre not elected."""

from __future__ import annotations

import datetime as dt

import pytest

from daihoi.campaigns.models import Campaign, Congress
from daihoi.reports.gather import rollup_for
from daihoi.reports.prose import paragraphs
from daihoi.reports.rollup import Rollup
from tests.conftest import Tree
from tests.reports.helpers import TODAY, World, build_world, certify, held


def _rollup(campaign: Campaign) -> tuple[Rollup, str]:
    campaign = Campaign.objects.select_related("superior__parent").get(pk=campaign.pk)
    r = rollup_for(campaign, TODAY)
    return r, "\n".join(paragraphs(r))


@pytest.fixture
def world(tree: Tree) -> World:
    return build_world(tree)


def test_all_on_plan_reads_like_the_article(world: World) -> None:
    r, text = _rollup(world.campaign)
    assert (r.organizations, r.held, r.held_by_deadline, r.held_late) == (2, 2, 2, 0)
    assert (r.deviations, r.backup_plans_used, r.as_planned) == (0, 0, 2)
    assert (r.cadres_transferred, r.cadres_elected) == (1, 1)
    assert (r.delegates, r.alternates) == (2, 1)
    assert (r.documents_submitted, r.documents_commented) == (2, 2)
    assert "Đến hết ngày 30/6/2010, tất cả 2 tổ chức cơ sở đảng trực thuộc Đảng bộ thành phố " \
           "Mẫu đã tổ chức xong đại hội nhiệm kỳ 2010 – 2015" in text
    assert "không có trường hợp nào bị chệch hướng" in text
    assert "không phải dùng đến phương án dự phòng" in text
    assert "những cán bộ này đều được tín nhiệm bầu tham gia cấp ủy" in text
    assert "dự kiến được tổ chức vào ngày 10/8/2010" in text
    assert "Kế hoạch số 40-KH/TU ngày 30 tháng 10 năm 2009" in text


def test_composition_counts_women_under_35_minorities_and_new(world: World) -> None:
    r, text = _rollup(world.campaign)
    assert r.committee_members == 6
    counts = {f.key: f.count for f in r.figures}
    # Lan, Bình women; Lan (b. 1980), Tài (1978), An (1985) under 35 on the congress day,
    # Cử (born 17/5/1975) just 35 on 20/5/2010; Lan, Tài, Cử (Tày/Nùng) minorities; new:
    # Lan and Cử as marked in the plan.
    assert counts == {"women": 2, "under35": 3, "minorities": 3, "new_members": 2,
                      "reelected": 4}
    assert str(r.figure("women").percent) == "33.3"
    assert "nữ 2 (33,3%; chỉ tiêu 15,0%: đạt)" in text


def test_a_late_congress_is_named_with_its_date(world: World) -> None:
    held(world.school, dt.date(2010, 7, 2))
    r, text = _rollup(world.campaign)
    assert (r.held, r.held_by_deadline, r.held_late) == (2, 1, 1)
    assert str(r.held_by_deadline_percent) == "50.0"
    assert "tất cả" not in text.split("\n")[1]
    assert "1/2 tổ chức cơ sở đảng" in text
    assert "Chi bộ Trường Hai (ngày 2/7/2010)" in text


def test_a_congress_not_held_is_listed(world: World) -> None:
    Congress.objects.filter(pk=world.school.pk).update(state="personnel_plan_approved",
                                                       held_on=None)
    r, text = _rollup(world.campaign)
    assert (r.held, r.not_held) == (1, 1)
    assert "còn 1 tổ chức chưa tổ chức đại hội: Chi bộ Trường Hai" in text


def test_a_plan_name_not_elected_is_a_deviation(world: World) -> None:
    from daihoi.congress.models import Election

    Election.objects.filter(congress__campaign_congress_id=world.school.pk,
                            body="committee").update(status="counting")
    p = world.people
    certify(world.school, "committee", [p["an"]], [p["binh"]])
    r, text = _rollup(world.campaign)
    assert r.deviations == 1
    row = next(x for x in r.rows if x.code == "T-TP-TH2")
    assert row.not_elected == ("Phùng Thị Bình",)
    assert "Có 1 đại hội có kết quả bầu cử khác với phương án nhân sự" in text
    assert "không trúng cử: Phùng Thị Bình" in text
    assert "không có trường hợp nào bị chệch hướng" not in text


def test_a_backup_elected_means_the_backup_plan_was_used(world: World) -> None:
    from daihoi.congress.models import Election

    Election.objects.filter(congress__campaign_congress_id=world.ward.pk,
                            body="committee").update(status="counting")
    p = world.people
    certify(world.ward, "committee", [p["lan"], p["minh"], p["du"], world.cadre], [p["tai"]])
    r, text = _rollup(world.campaign)
    assert (r.deviations, r.backup_plans_used) == (1, 1)
    row = next(x for x in r.rows if x.code == "T-TP-P1")
    assert row.backups_used == ("Đàm Văn Dự",)
    assert row.unplanned == ("Đàm Văn Dự",)
    assert row.not_elected == ("Lương Văn Tài",)
    assert "Có 1 đại hội phải dùng đến phương án dự phòng: Đảng bộ phường Một (Đàm Văn Dự)" \
        in text
    assert "không phải dùng đến phương án dự phòng" not in text


def test_a_transferred_cadre_not_elected_is_named(world: World) -> None:
    from daihoi.congress.models import Election

    Election.objects.filter(congress__campaign_congress_id=world.ward.pk,
                            body="committee").update(status="counting")
    p = world.people
    certify(world.ward, "committee", [p["lan"], p["minh"], p["tai"], p["hoa"]], [world.cadre])
    r, text = _rollup(world.campaign)
    assert (r.cadres_transferred, r.cadres_elected) == (1, 0)
    assert r.transfers[0].elected is False
    assert "0/1 cán bộ được bầu tham gia cấp ủy; 1 cán bộ không trúng cử: Chu Văn Cử " \
           "(Đảng bộ phường Một)" in text
    assert "đều được tín nhiệm" not in text


def test_without_a_certified_result_the_outcome_is_pending(world: World) -> None:
    from daihoi.congress.models import Election

    Election.objects.filter(congress__campaign_congress_id=world.ward.pk).update(
        status="counting")
    r, text = _rollup(world.campaign)
    assert r.with_result == 1
    assert r.cadres_pending == 1
    assert r.cadres_elected == 0
    assert "chưa có kết quả bầu cấp ủy được xác nhận: Đảng bộ phường Một" in text
    assert "Chưa có kết quả bầu cấp ủy đối với: Chu Văn Cử" in text


def test_a_secretary_elected_directly_is_counted(world: World) -> None:
    certify(world.school, "secretary", [world.people["an"]])
    r, text = _rollup(world.campaign)
    assert r.secretaries_direct == 1
    assert "Có 1 đại hội bầu trực tiếp bí thư tại đại hội." in text


def test_congresses_held_but_not_reported_are_named_in_the_prose_and_the_tables(
        world: World) -> None:
    held(world.school, dt.date(2010, 6, 12), state="held")
    r, text = _rollup(world.campaign)
    assert (r.held, r.results_reported, r.results_approved, r.held_not_reported) == (2, 1, 1, 1)
    assert ("Về báo cáo kết quả: đến ngày 15/7/2010, 1/2 tổ chức đã tổ chức đại hội đã báo "
            "cáo kết quả đại hội lên cấp trên") in text
    assert ("còn 1 tổ chức đã tổ chức đại hội nhưng chưa báo cáo kết quả: Chi bộ Trường Hai "
            "(ngày 12/6/2010)") in text
    from daihoi.reports.documents import kind_table, summary_pairs

    assert kind_table(r)[0][-2:] == ["Đã báo cáo kết quả", "Chưa báo cáo kết quả"]
    assert kind_table(r)[-1][-2:] == ["1", "1"]
    assert dict(summary_pairs(r))["Đã tổ chức đại hội, chưa báo cáo kết quả"] == 1


def test_when_every_congress_held_has_reported_the_prose_says_so(world: World) -> None:
    _r, text = _rollup(world.campaign)
    assert ("cả 2 tổ chức đã tổ chức đại hội đều đã báo cáo kết quả đại hội lên cấp trên "
            "(trong đó 2 tổ chức đã được cấp trên chuẩn y kết quả)") in text


def test_the_report_as_of_an_earlier_day_counts_what_was_recorded_by_then(
        world: World) -> None:
    campaign = Campaign.objects.select_related("superior__parent").get(pk=world.campaign.pk)
    r = rollup_for(campaign, dt.date(2010, 5, 25))
    # The ward held its congress on 20/5, the school on 12/6: on 25/5 only one was held,
    # and only the ward's results had been certified at its congress.
    assert (r.held, r.not_held, r.with_result) == (1, 1, 1)
    assert r.today == dt.date(2010, 5, 25)
    assert "Đến ngày 25/5/2010, còn 1 tổ chức chưa tổ chức đại hội: Chi bộ Trường Hai" \
        in "\n".join(paragraphs(r))


def test_state_and_milestone_words_are_the_interfaces_vietnamese_labels() -> None:
    from django.utils import translation

    from daihoi.campaigns.models import MILESTONE_LABELS, CongressState
    from daihoi.reports.prose import MILESTONE_WORDS, STATE_WORDS

    with translation.override("vi"):
        assert {value: str(label) for value, label in CongressState.choices} == STATE_WORDS
        assert {m.value: str(label) for m, label in MILESTONE_LABELS.items()} == MILESTONE_WORDS
