"""Counting by scanning in headless Chromium: a board member uploads the scans of a batch,
decides the one ballot the reader was unsure of (looking at the close-up of the flagged
name), turns the scans into their entry; another member keys the same batch; the batch
becomes final with what the paper says.

Set DAIHOI_SCREENSHOTS_DIR=docs/screenshots to refresh the review screen's picture."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from daihoi.congress.models import BatchStatus, Election
from daihoi.scanning.models import ScannedBallot, ScanSet
from tests.browser.conftest import sign_in
from tests.conftest import PASSWORD, Cast
from tests.congress.conftest import Hall, hall, key_batch, voting_election
from tests.scanning.conftest import paper

__all__ = ["hall"]

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def election(hall: Hall, cast: Cast, settings: Any) -> Election:
    settings.DAIHOI_SCAN_JOBS_INLINE = True  # the upload's pages are read before it answers
    return voting_election(hall, cast)


def test_a_batch_is_counted_by_scanning_and_matches_the_keyed_entry(
        page: Any, live_server: Any, cast: Cast, election: Election, tmp_path: Path,
        settings: Any) -> None:
    settings.MEDIA_ROOT = str(tmp_path / "media")
    stack = [paper(election, "2"), paper(election), paper(election, "1", underline="3")]
    files = []
    for i, data in enumerate(stack, 1):
        path = tmp_path / f"scan-{i:03d}.png"
        path.write_bytes(data)
        files.append(str(path))

    sign_in(page, live_server.url, cast.counter.username, PASSWORD)
    page.goto(f"{live_server.url}/quet-phieu/bau-cu/{election.pk}/")
    page.set_input_files("#id_files", files)
    page.get_by_role("button", name="Tải lên và đọc").click()
    page.wait_for_url("**/quet-phieu/bo-anh/*/")
    expect(page.get_by_role("alert").first).to_contain_text("Còn tờ số 3")
    page.get_by_role("link", name="Quyết định").click()

    # the review screen at 1366×768: the reason naming the candidate and the kind of mark,
    # the close-up of the underlined name and the choice fit on the screen together
    page.set_viewport_size({"width": 1366, "height": 768})
    flag = page.locator(".scan-flag")
    expect(flag).to_have_count(1)
    expect(flag).to_contain_text("3. ")
    expect(flag.locator(".scan-why")).to_contain_text("gạch dưới tên")
    expect(flag.locator(".scan-guess")).to_contain_text("giữ")
    page.wait_for_function(  # the close-up is drawn: an image, not a broken link
        "() => { const i = document.querySelector('.scan-close-up img');"
        " return i.complete && i.naturalWidth > 100; }")
    for part in (".scan-close-up img", ".scan-why", ".scan-choice", "#record"):
        box = page.locator(part).bounding_box()
        assert box is not None
        assert box["y"] + box["height"] <= 768, part  # seen without scrolling
        assert box["x"] + box["width"] <= 1366, part
    folder = Path(os.environ.get("DAIHOI_SCREENSHOTS_DIR") or tmp_path)
    page.screenshot(path=str(folder / "xem-phieu-quet.png"), full_page=False)
    # nothing is decided for the person: Enter alone records nothing
    expect(page.locator("input[name=name-3]:checked")).to_have_count(0)
    expect(page.locator("#record")).to_be_disabled()
    page.keyboard.press("Enter")
    expect(page.locator("#scan-left")).to_contain_text("3")
    assert ScannedBallot.objects.get(position=3).decided_at is None
    # the board looks at the paper: the underline under 3 is not a strike, K keeps the name
    page.keyboard.press("k")
    expect(page.locator("input[name=name-3][value=kept]")).to_be_checked()
    expect(page.locator("#record")).to_be_enabled()
    page.keyboard.press("Enter")
    page.wait_for_url("**/quet-phieu/bo-anh/*/")
    page.get_by_role("button", name="Dùng các ảnh quét này làm lần nhập của tôi cho lô").click()
    page.wait_for_url("**/dai-hoi/lo/*/")

    scan_set = ScanSet.objects.get()
    assert ScannedBallot.objects.get(position=3).decided_by == cast.counter
    batch = key_batch(election, cast.counter2, ["2", "", "1"], batch=scan_set.batch)
    assert batch.status == BatchStatus.FINAL
    assert list(batch.final_ballots.values_list("content", flat=True)) == ["2", "", "1"]
