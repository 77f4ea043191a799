"""The kit and package pages: the superior issues a kit and files a package; a fresh laptop
opens on the page that loads its kit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from daihoi.transfer.kit import superior_key_id
from daihoi.transfer.models import IssuedKit
from tests.campaigns.conftest import client_for
from tests.conftest import Cast, Tree
from tests.transfer.test_kit_and_package import approved_congress


@pytest.mark.django_db
def test_the_city_issues_a_kit_only_once_it_is_confirmed(
    cast: Cast, tree: Tree, members: list[object]
) -> None:
    congress = approved_congress(cast, tree, members)  # type: ignore[arg-type]
    client = client_for(cast.city_staff)
    page = client.get(f"/chuyen-giao/dai-hoi/{congress.pk}/")
    assert page.status_code == 200
    assert superior_key_id() in page.content.decode()

    unconfirmed = client.post(f"/chuyen-giao/dai-hoi/{congress.pk}/", {"do": "kit"},
                              follow=True)
    assert "Hãy đánh dấu ô xác nhận" in unconfirmed.content.decode()
    assert not IssuedKit.objects.exists()

    issued = client.post(f"/chuyen-giao/dai-hoi/{congress.pk}/", {"do": "kit",
                                                                  "confirmed": "1"})
    assert issued.status_code == 200
    assert issued["Content-Disposition"].startswith('attachment; filename="bo-du-lieu-')
    assert issued.content.startswith(b"PK")
    assert IssuedKit.objects.get().issued_by == cast.city_staff


@pytest.mark.django_db
def test_the_ward_office_cannot_issue_its_own_kit(
    cast: Cast, tree: Tree, members: list[object]
) -> None:
    congress = approved_congress(cast, tree, members)  # type: ignore[arg-type]
    response = client_for(cast.ward_office).post(f"/chuyen-giao/dai-hoi/{congress.pk}/",
                                                 {"do": "kit", "confirmed": "1"})
    assert response.status_code == 403
    assert not IssuedKit.objects.exists()


@pytest.mark.django_db
def test_a_damaged_package_is_refused_on_the_page_with_its_reason(
    cast: Cast, tree: Tree, members: list[object]
) -> None:
    congress = approved_congress(cast, tree, members)  # type: ignore[arg-type]
    response = client_for(cast.city_staff).post(
        f"/chuyen-giao/dai-hoi/{congress.pk}/",
        {"file": SimpleUploadedFile("goi.daihoi", b"PK\x03\x04 broken"), "confirmed": "on"})
    assert response.status_code == 400
    text = response.content.decode()
    assert "Không nhận:" in text
    assert "Không có gì bị thay đổi" in text
    congress.refresh_from_db()
    assert congress.state == "personnel_plan_approved"


@pytest.mark.django_db
def test_a_fresh_laptop_opens_on_the_page_that_loads_its_kit() -> None:
    client = Client()
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"] == "/chuyen-giao/bat-dau/"
    page = client.get("/chuyen-giao/bat-dau/")
    assert "Mã khóa của cấp trên" in page.content.decode()
    refused = client.post("/chuyen-giao/bat-dau/", {
        "file": SimpleUploadedFile("kit.daihoi", b"not a kit"),
        "superior_key": "0000-1111"})
    assert refused.status_code == 400
    assert "Chưa nạp bộ dữ liệu" in refused.content.decode()


@pytest.mark.django_db
def test_once_there_are_accounts_the_first_run_page_is_closed(cast: Cast) -> None:
    response = Client().get("/chuyen-giao/bat-dau/")
    assert response.status_code == 302
    assert response["Location"].startswith("/dang-nhap/")
