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

    # the review screen: the reader's reason and a close-up of the underlined name
    expect(page.locator(".scan-reasons")).to_contain_text("gạch dưới tên (số 3)")
    close_up = page.locator(".scan-close-up img")
    expect(close_up).to_have_count(1)
    page.wait_for_function(  # the close-up is drawn: an image, not a broken link
        "() => { const i = document.querySelector('.scan-close-up img');"
        " return i.complete && i.naturalWidth > 100; }")
    folder = Path(os.environ.get("DAIHOI_SCREENSHOTS_DIR") or tmp_path)
    page.screenshot(path=str(folder / "xem-phieu-quet.png"), full_page=False)
    # the board looks at the paper: name 1 struck, the underline under 3 is not a strike
    field = page.locator("#id_text")
    expect(field).to_have_value("1")
    field.press("Enter")
    page.wait_for_url("**/quet-phieu/bo-anh/*/")
    page.get_by_role("button", name="Dùng các ảnh quét này làm lần nhập của tôi cho lô").click()
    page.wait_for_url("**/dai-hoi/lo/*/")

    scan_set = ScanSet.objects.get()
    assert ScannedBallot.objects.get(position=3).decided_by == cast.counter
    batch = key_batch(election, cast.counter2, ["2", "", "1"], batch=scan_set.batch)
    assert batch.status == BatchStatus.FINAL
    assert list(batch.final_ballots.values_list("content", flat=True)) == ["2", "", "1"]
