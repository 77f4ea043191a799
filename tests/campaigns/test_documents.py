"""Uploading congress documents: real DOCX/PDF only, versions kept, threaded comments."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile

from daihoi.campaigns import actions
from daihoi.campaigns.documents import MAX_DOCUMENT_BYTES, DocumentError, check_document
from daihoi.campaigns.models import Comment, Congress, CongressDocument
from tests.campaigns.conftest import client_for
from tests.campaigns.helpers import PDF, docx_bytes
from tests.conftest import Cast

VI_STRINGS = Path(__file__).parents[2] / "src/daihoi/campaigns/vi_strings.txt"


def _vi(msgid_start: str) -> str:
    for line in VI_STRINGS.read_text(encoding="utf-8").splitlines():
        if line.startswith(msgid_start):
            return line.split("\t", 1)[1]
    raise AssertionError(f"no Vietnamese translation for {msgid_start!r}")


def _zip_without_word() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        z.writestr("hello.txt", "not a word document")
    return out.getvalue()


@pytest.mark.parametrize(("name", "data"), [
    ("bao-cao.docx", b"just text pretending"),
    ("bao-cao.pdf", b"GIF89a not a pdf"),
    ("bao-cao.docx", b""),
    ("bao-cao.docx", _zip_without_word()),
    ("bao-cao.exe", b"MZ\x90\x00"),
    ("bao-cao.pdf", docx_bytes("named .pdf, content docx")),
])
def test_files_that_are_not_really_docx_or_pdf_are_refused(name: str, data: bytes) -> None:
    with pytest.raises(DocumentError):
        check_document(name, data)


def test_real_files_are_recognised_by_their_content() -> None:
    assert check_document("a.docx", docx_bytes("x")) == "docx"
    assert check_document("a.PDF", PDF) == "pdf"
    assert check_document("no-extension", PDF) == "pdf"


def test_files_over_the_limit_are_refused() -> None:
    with pytest.raises(DocumentError, match="10"):
        check_document("big.pdf", PDF + b"0" * MAX_DOCUMENT_BYTES)


def test_a_bad_upload_is_refused_with_a_clear_message_and_nothing_is_lost(
        congress: Congress, cast: Cast) -> None:
    client = client_for(cast.ward_office)
    good = client.post(f"/dot-dai-hoi/dai-hoi/{congress.pk}/van-kien/", {
        "doc_type": "political_report", "note": "",
        "file": SimpleUploadedFile("bao-cao.docx", docx_bytes("Dự thảo 1"))})
    assert good.status_code == 302
    bad = client.post(f"/dot-dai-hoi/dai-hoi/{congress.pk}/van-kien/", {
        "doc_type": "political_report", "note": "Bản sửa lần 2",
        "file": SimpleUploadedFile("bao-cao.docx", b"plain text, not a document")})
    assert bad.status_code == 400
    page = bad.content.decode()
    assert "bao-cao.docx" in page
    assert "Bản sửa lần 2" in page  # the note typed in the form is still there
    assert CongressDocument.objects.filter(congress=congress).count() == 1  # v1 untouched
    # The message has its Vietnamese translation for the catalogue.
    assert "không phải" in _vi("“%(name)s” is not a Word")


def test_each_upload_is_a_new_version(congress: Congress, cast: Cast) -> None:
    first = actions.do_upload_document(congress, acting_user=cast.ward_office,
                                       doc_type="political_report", name="v1.docx",
                                       data=docx_bytes("1"))
    second = actions.do_upload_document(congress, acting_user=cast.ward_office,
                                        doc_type="political_report", name="v2.docx",
                                        data=docx_bytes("2"), note="Tiếp thu ý kiến")
    assert (first.version, second.version) == (1, 2)
    assert Path(first.file.path).exists()
    assert Path(second.file.path).exists()
    response = client_for(cast.city_staff).get(f"/dot-dai-hoi/van-kien/{first.pk}/")
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"PK")  # type: ignore[attr-defined]


def test_superior_staff_cannot_upload_for_the_organisation(congress: Congress,
                                                          cast: Cast) -> None:
    with pytest.raises(PermissionDenied):
        actions.do_upload_document(congress, acting_user=cast.city_staff,
                                   doc_type="political_report", name="a.docx",
                                   data=docx_bytes("x"))


def test_comments_are_threaded_and_replies_stay_with_their_document(
        congress: Congress, cast: Cast) -> None:
    doc = actions.do_upload_document(congress, acting_user=None, doc_type="political_report",
                                     name="a.docx", data=docx_bytes("x"))
    root = actions.do_comment(doc, acting_user=cast.city_staff,
                              body="Cần làm rõ nguyên nhân hạn chế.")
    reply = actions.do_comment(doc, acting_user=cast.ward_office, parent=root,
                               body="Đã bổ sung ở mục II.")
    actions.do_comment(doc, acting_user=cast.city_staff, parent=reply, body="Đồng ý.")
    assert list(root.replies.all()) == [reply]
    with pytest.raises(PermissionDenied):  # the organisation answers, it does not open threads
        actions.do_comment(doc, acting_user=cast.ward_office, body="Ý kiến mới")
    with pytest.raises(PermissionDenied):
        actions.do_comment(doc, acting_user=cast.observer, parent=root, body="x")
    page = client_for(cast.ward_office).get(f"/dot-dai-hoi/dai-hoi/{congress.pk}/")
    html = page.content.decode()
    assert html.index("Cần làm rõ") < html.index("Đã bổ sung") < html.index("Đồng ý.")
    assert 'class="comment depth-2"' in html


def test_comment_page_posts_a_reply(congress: Congress, cast: Cast) -> None:
    doc = actions.do_upload_document(congress, acting_user=None, doc_type="self_review",
                                     name="a.pdf", data=PDF)
    root = actions.do_comment(doc, acting_user=cast.city_staff, body="Bổ sung số liệu.")
    response = client_for(cast.ward_office).post(
        f"/dot-dai-hoi/van-kien/{doc.pk}/y-kien/", {"body": "Đã bổ sung.", "parent": root.pk})
    assert response.status_code == 302
    assert Comment.objects.get(parent=root).body == "Đã bổ sung."
