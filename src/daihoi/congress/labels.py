"""Display names for the codes an election carries: its round, its rulebook, the body it
elects. Screens and papers show these, never the code (``first``, ``party-2024``,
``committee``). English msgids, Vietnamese in the catalogue; the documents render them under
``translation.override("vi")``."""

from __future__ import annotations

from functools import cache

from django.apps import apps
from django.utils.translation import gettext as _

from daihoi.congress.models import Election
from daihoi.election import FormatError, builtin_ids, load_rulebook


def body_label(body: str) -> str:
    """The body an election fills, in words ("committee" -> "Ban Chấp hành")."""
    labels = {
        "committee": _("Committee"),
        "standing_committee": _("Standing committee"),
        "secretary": _("Secretary"),
        "deputy_secretary": _("Deputy secretary"),
        "inspection_committee": _("Inspection committee"),
        "delegates": _("Delegates to the superior congress"),
        "alternate_delegates": _("Alternate delegates"),
    }
    return labels.get(body, _("Other body"))


def round_number(election: Election) -> int:
    """1 for a first round, 2 for the round opened after it, and so on."""
    n, seen = 1, {election.pk}
    previous = election.previous
    while previous is not None and previous.pk not in seen:
        seen.add(previous.pk)
        n += 1
        previous = previous.previous
    return n


def round_label(election: Election) -> str:
    """"round 1", "round 2 (further round for the unfilled seats)", "round 2 (re-vote among
    the tied)"."""
    n = round_number(election)
    if election.round == "further":
        return _("round %(n)s (further round for the unfilled seats)") % {"n": n}
    if election.round == "tie_revote":
        return _("round %(n)s (re-vote among the tied)") % {"n": n}
    return _("round %(n)s") % {"n": n}


@cache
def _rulebook_names(rulebook_id: str) -> tuple[str, str] | None:
    try:
        rulebook = load_rulebook(rulebook_id)
    except FormatError:
        return None
    return rulebook.name, rulebook.regulation


def rulebook_label(rulebook_id: str) -> str:
    """The regulation a rulebook encodes, by its name: "Quy chế bầu cử trong Đảng (2024) —
    QĐ 190-QĐ/TW (10/10/2024)" for ``party-2024``."""
    names = _rulebook_names(rulebook_id) if rulebook_id in builtin_ids() else None
    if names is None:
        return _uploaded_name(rulebook_id) or _("Rulebook loaded from a file")
    return f"{names[0]} — {names[1]}"


def _uploaded_name(rulebook_id: str) -> str:
    """The name of a rulebook a congress uploaded (stored as ``StoredRulebook`` where the
    application keeps uploaded rulebooks); "" when there is none."""
    try:
        model = apps.get_model("congress", "StoredRulebook")
    except LookupError:
        return ""
    name = (model._default_manager.filter(rulebook_id=rulebook_id)
            .values_list("name", flat=True).first())
    return str(name) if name else ""


def rulebook_choices() -> list[tuple[str, str]]:
    """(id, label) of the shipped rulebooks, the default first."""
    return [(rid, rulebook_label(rid)) for rid in builtin_ids()]
