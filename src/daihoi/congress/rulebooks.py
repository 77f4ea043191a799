"""Which rulebook a congress counts by: a shipped one, by id, or one uploaded as content and
stored in the database. Nothing here opens a file a user names: an id that is neither is
refused with a message that says so."""

from __future__ import annotations

import hashlib
from functools import lru_cache

from daihoi.congress.models import CongressDay, StoredRulebook
from daihoi.election import FormatError, Rulebook, builtin_ids, load_rulebook, rulebook_from_text
from daihoi.election.rulebook import looks_like_path
from daihoi.orgs.models import Organization


class RulebookChoiceError(ValueError):
    """The rulebook named cannot be used here (message in Vietnamese, shown as is)."""


@lru_cache(maxsize=64)
def _parsed(digest: str, content: str) -> Rulebook:
    # Keyed by the content's digest: a stored rulebook is parsed once per process.
    return rulebook_from_text(content)


def stored_rulebook(row: StoredRulebook) -> Rulebook:
    return _parsed(hashlib.sha256(row.content.encode("utf-8")).hexdigest(), row.content)


def usable_stored(organization: Organization) -> list[StoredRulebook]:
    """The uploaded rulebooks a congress of ``organization`` may count by: those of its own
    organisation and of the organisations above it."""
    ancestors = [int(p) for p in organization.path.strip("/").split("/") if p]
    return list(StoredRulebook.objects.filter(organization_id__in=ancestors))


def rulebook_by_id(rulebook_id: str, organization: Organization) -> Rulebook:
    """The rulebook ``rulebook_id`` for a congress of ``organization``, or
    ``RulebookChoiceError``: a shipped id, or an uploaded rulebook of the organisation's line."""
    rulebook_id = rulebook_id.strip()
    if rulebook_id in builtin_ids():
        return load_rulebook(rulebook_id)
    for row in usable_stored(organization):
        if row.rulebook_id == rulebook_id:
            return stored_rulebook(row)
    installed = ", ".join(builtin_ids())
    if looks_like_path(rulebook_id):
        raise RulebookChoiceError(
            f"“{rulebook_id[:80]}” là đường dẫn tệp, không phải mã bộ quy tắc: chọn một bộ quy "
            f"tắc có sẵn ({installed}) hoặc tải tệp bộ quy tắc lên; máy chủ không mở tệp nào "
            "theo đường dẫn.")
    raise RulebookChoiceError(
        f"Không có bộ quy tắc “{rulebook_id[:80]}”: chọn một bộ có sẵn ({installed}) hoặc "
        "một bộ quy tắc đã tải lên cho tổ chức này.")


def rulebook_of(congress: CongressDay) -> Rulebook:
    """The rulebook the congress counts by (chosen when it was created)."""
    return rulebook_by_id(congress.rules, congress.organization)


def check_uploaded(content: bytes) -> Rulebook:
    """An uploaded rulebook file, validated (size and depth first, then the schema); raises
    ``RulebookChoiceError`` naming each problem."""
    try:
        rulebook = rulebook_from_text(content, where="tệp bộ quy tắc")
    except FormatError as exc:
        raise RulebookChoiceError("; ".join(exc.problems[:10])) from None
    if rulebook.id in builtin_ids():
        raise RulebookChoiceError(
            f"Mã “{rulebook.id}” là của một bộ quy tắc có sẵn: đặt cho bản của mình một mã khác "
            "(trường \"id\").")
    return rulebook
