"""The README's screenshots, taken from the demo by the browser.

Set DAIHOI_SCREENSHOTS_DIR=docs/screenshots to refresh the committed pictures; otherwise
they go to a temporary folder and the test checks that each page shows what it should.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest

from daihoi.demo import DEMO_PASSWORD, load_demo
from tests.browser.conftest import sign_in

pytestmark = [pytest.mark.django_db(transaction=True), pytest.mark.slow]

# (file name, user, path, text the page must show); {campaign} and {congress} in a path are
# the demo's 2010 campaign and the Chi Lăng ward's congress in it; {election} is that ward's
# committee election on congress day and {entry} the first clerk's entry of its first batch.
SHOTS = [
    ("tong-quan.png", "thanhuy", "/", "Đảng bộ thành phố Lạng Sơn"),
    ("to-chuc.png", "thanhuy", "/to-chuc/", "Đảng bộ phường Chi Lăng"),
    ("dot-dai-hoi.png", "thanhuy", "/dot-dai-hoi/{campaign}/", "40-KH/TU"),
    ("dai-hoi-phuong.png", "thanhuy", "/dot-dai-hoi/dai-hoi/{congress}/",
     "Đảng bộ phường Chi Lăng"),
    ("dang-vien.png", "chilang", "/to-chuc/dang-vien/", "đảng viên"),
    ("nhap-phieu.png", "kiemphieu1", "/dai-hoi/nhap/{entry}/", "phần nhập của bạn"),
    ("trinh-chieu.png", "kiemphieu1", "/dai-hoi/bau-cu/{election}/trinh-chieu/", "trúng cử"),
]


def test_screenshots_of_the_demo(page: Any, live_server: Any, tmp_path: Path,
                                 settings: Any) -> None:
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    load_demo()
    from daihoi.accounts.models import User
    from daihoi.campaigns.models import Congress
    from daihoi.congress.models import Election, Entry
    from daihoi.demo.campaign2010 import PLAN_NUMBER
    from daihoi.demo.foundation import CITY_CODE

    for user in User.objects.all():
        user.set_password(DEMO_PASSWORD)
        user.save()
    folder = Path(os.environ.get("DAIHOI_SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    congress = Congress.objects.get(campaign__plan_number=PLAN_NUMBER,
                                    organization__code=f"{CITY_CODE}-P-CL")
    election = Election.objects.get(congress__organization__code=f"{CITY_CODE}-P-CL",
                                    body="committee")
    entry = Entry.objects.filter(batch__election=election, clerk__username="kiemphieu1")
    ids = {"campaign": congress.campaign_id, "congress": congress.pk,
           "election": election.pk, "entry": entry.order_by("batch__number")[0].pk}
    current = None
    for name, username, path, text in SHOTS:
        if username != current:
            page.context.clear_cookies()
            sign_in(page, live_server.url, username, DEMO_PASSWORD)
            current = username
        page.goto(f"{live_server.url}{path.format(**ids)}")
        assert text in page.locator("main").inner_text()
        page.screenshot(path=str(folder / name), full_page=False)
        assert (folder / name).stat().st_size > 10_000
