"""Checking uploaded congress documents: a real PDF or DOCX by its content, not its name."""

from __future__ import annotations

import io
import zipfile

from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024


class DocumentError(ValueError):
    """The file is refused; the message is for the person who uploaded it."""


def _is_docx(data: bytes) -> bool:
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def check_document(name: str, data: bytes) -> str:
    """The file's format ("pdf" or "docx"), or DocumentError saying what is wrong."""
    if not data:
        raise DocumentError(_("The file is empty."))
    if len(data) > MAX_DOCUMENT_BYTES:
        raise DocumentError(
            _("The file is too large (%(size)s MB); the limit is %(limit)s MB.")
            % {"size": f"{len(data) / 1048576:.1f}", "limit": MAX_DOCUMENT_BYTES // 1048576}
        )
    ext = name.rsplit(".", 1)[-1].lower() if "." in name else ""
    if data.startswith(b"%PDF-"):
        fmt = "pdf"
    elif _is_docx(data):
        fmt = "docx"
    else:
        raise DocumentError(
            _("“%(name)s” is not a Word (.docx) or PDF document. Save it as .docx or .pdf "
              "and upload it again.") % {"name": name}
        )
    if ext and ext != fmt:
        raise DocumentError(
            _("“%(name)s” is named .%(ext)s but its content is %(fmt)s. Rename it and upload "
              "it again.") % {"name": name, "ext": ext, "fmt": fmt.upper()}
        )
    return fmt
