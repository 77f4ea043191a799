"""The audit log in words, for its page: each action by name ("Kết quả được xác nhận", not
``congress.certify``) and each change as "field: old → new" with the fields' names and the
values' labels (never a Python dict, a code such as ``present``, or ``None``).

Read-only: the chain itself (``daihoi.audit.log``) stores codes and ids, which is what its hash
covers; only their display is translated here. Ids of people, organisations and elections are
shown by name, looked up once for a whole page.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import pgettext, pgettext_lazy

from daihoi.audit.models import AuditEntry
from daihoi.congress.keying import DEFECT_LABELS

ACTIONS: dict[str, Promise] = {
    "api_token.create": pgettext_lazy("audit", "API token created"),
    "accounts.unlock": pgettext_lazy("audit", "Sign-in lock lifted"),
    "transfer.kit_export": pgettext_lazy("audit", "Congress kit issued"),
    "transfer.kit_import": pgettext_lazy("audit", "Congress kit loaded"),
    "transfer.package_export": pgettext_lazy("audit", "Result package made"),
    "transfer.package_import": pgettext_lazy("audit", "Result package filed"),
    "audit.key_rotate": pgettext_lazy("audit", "Key of the audit log changed"),
    "audit.upgrade": pgettext_lazy("audit", "Audit log sealed with a key"),
    "congress.rulebook_upload": pgettext_lazy("audit", "Rulebook uploaded"),
    "api_token.revoke": pgettext_lazy("audit", "API token revoked"),
    "campaign.create": pgettext_lazy("audit", "Campaign created"),
    "campaign.remind": pgettext_lazy("audit", "Reminders sent"),
    "campaign.update": pgettext_lazy("audit", "Campaign changed"),
    "congress.agenda_add": pgettext_lazy("audit", "Programme item added"),
    "congress.attendance": pgettext_lazy("audit", "Attendance changed"),
    "congress.attendee_add": pgettext_lazy("audit", "Person added to the roster"),
    "congress.ballot_totals": pgettext_lazy("audit", "Ballots issued recorded"),
    "congress.batch_compare": pgettext_lazy("audit", "Two entries of a batch compared"),
    "congress.batch_open": pgettext_lazy("audit", "Batch of ballots opened"),
    "congress.batch_resolve": pgettext_lazy("audit", "Counting board's decision on a batch"),
    "congress.candidate_add": pgettext_lazy("audit", "Candidate added to the list"),
    "congress.candidate_withdraw": pgettext_lazy("audit", "Candidate withdrawn"),
    "congress.certify": pgettext_lazy("audit", "Result certified"),
    "congress.check_in": pgettext_lazy("audit", "Checked in"),
    "congress.comment": pgettext_lazy("audit", "Comment on a document"),
    "congress.counters": pgettext_lazy("audit", "Counting board assigned"),
    "congress.create": pgettext_lazy("audit", "Congress created"),
    "congress.delegates_import": pgettext_lazy("audit", "Delegates added to the roster"),
    "congress.document": pgettext_lazy("audit", "Congress document uploaded"),
    "congress.election_create": pgettext_lazy("audit", "Election created"),
    "congress.election_import": pgettext_lazy("audit", "Election imported from a file"),
    "congress.entry_submit": pgettext_lazy("audit", "Entry of a batch submitted"),
    "congress.held": pgettext_lazy("audit", "Congress held"),
    "congress.list_approve": pgettext_lazy("audit", "Electoral list approved"),
    "congress.personnel_plan": pgettext_lazy("audit", "Personnel plan recorded"),
    "congress.report": pgettext_lazy("audit", "Results sent to the superior"),
    "congress.round_open": pgettext_lazy("audit", "New round opened"),
    "congress.send_back": pgettext_lazy("audit", "Congress sent back"),
    "congress.show_of_hands": pgettext_lazy("audit", "Show of hands recorded"),
    "congress.transfer": pgettext_lazy("audit", "Cadre transfer recorded"),
    "congress.update": pgettext_lazy("audit", "Congress changed"),
    "congress.working_body": pgettext_lazy("audit", "Working body chosen"),
    "demo.congress_days": pgettext_lazy("audit", "Demo congress days loaded"),
    "demo.load": pgettext_lazy("audit", "Demo data loaded"),
    "member.create": pgettext_lazy("audit", "Member added"),
    "member.import": pgettext_lazy("audit", "Members imported"),
    "member.update": pgettext_lazy("audit", "Member changed"),
    "notification.read": pgettext_lazy("audit", "Notice read"),
    "org.create": pgettext_lazy("audit", "Organisation created"),
    "org.update": pgettext_lazy("audit", "Organisation changed"),
    "scanning.decide": pgettext_lazy("audit", "Decision on a scanned ballot"),
    "scanning.queue": pgettext_lazy("audit", "Scans queued for reading"),
    "scanning.read_failed": pgettext_lazy("audit", "Reading of scans failed"),
    "scanning.remove_page": pgettext_lazy("audit", "Scanned page taken out"),
    "scanning.requeue": pgettext_lazy("audit", "Scans queued again"),
    "scanning.rescan": pgettext_lazy("audit", "Page scanned again"),
    "scanning.retry": pgettext_lazy("audit", "Reading of scans retried"),
    "scanning.to_entry": pgettext_lazy("audit", "Scans made an entry of a batch"),
    "scanning.upload": pgettext_lazy("audit", "Scans uploaded"),
    "user.create": pgettext_lazy("audit", "User created"),
    "user.set_password": pgettext_lazy("audit", "Password changed"),
    "user.update": pgettext_lazy("audit", "User changed"),
    # The sealed count (certified results reopened only with a reason).
    "congress.reopen": pgettext_lazy("audit", "Certified result reopened"),
    "congress.seats": pgettext_lazy("audit", "Number to elect changed"),
    "congress.batch_propose": pgettext_lazy("audit", "Decision on a batch proposed"),
    "congress.batch_discard": pgettext_lazy("audit", "Proposed decision on a batch withdrawn"),
    "congress.batch_rekey": pgettext_lazy("audit", "Batch to be keyed again"),
}

# Names of the keys that actions write and that are not a field of the object's model.
FIELDS: dict[str, Promise] = {
    "added": pgettext_lazy("audit", "added"),
    "at": pgettext_lazy("audit", "time"),
    "attendees": pgettext_lazy("audit", "members of the body"),
    "ballots": pgettext_lazy("audit", "ballots"),
    "batch": pgettext_lazy("audit", "batch"),
    "board_head": pgettext_lazy("audit", "head of the counting board"),
    "body": pgettext_lazy("audit", "body"),
    "candidates": pgettext_lazy("audit", "candidates"),
    "certification": pgettext_lazy("audit", "certification"),
    "collected": pgettext_lazy("audit", "ballots collected"),
    "confirmed_by": pgettext_lazy("audit", "confirmed by"),
    "digest": pgettext_lazy("audit", "fingerprint (SHA-256)"),
    "committee_size": pgettext_lazy("audit", "committee size"),
    "congress": pgettext_lazy("audit", "congress"),
    "congresses": pgettext_lazy("audit", "congresses"),
    "congresses_created": pgettext_lazy("audit", "congresses created"),
    "counters": pgettext_lazy("audit", "counting board users"),
    "created": pgettext_lazy("audit", "created"),
    "date": pgettext_lazy("audit", "date"),
    "decision": pgettext_lazy("audit", "congress decision"),
    "decisions": pgettext_lazy("audit", "decisions"),
    "doc_type": pgettext_lazy("audit", "document"),
    "document": pgettext_lazy("audit", "document"),
    "elected": pgettext_lazy("audit", "elected"),
    "election": pgettext_lazy("audit", "election"),
    "emails": pgettext_lazy("audit", "e-mails"),
    "entries": pgettext_lazy("audit", "entries"),
    "entry": pgettext_lazy("audit", "entry"),
    "error": pgettext_lazy("audit", "error"),
    "form": pgettext_lazy("audit", "ballot form"),
    "format": pgettext_lazy("audit", "file format"),
    "from": pgettext_lazy("audit", "from"),
    "full_name": pgettext_lazy("audit", "full name"),
    "held_on": pgettext_lazy("audit", "held on"),
    "image": pgettext_lazy("audit", "image"),
    "job": pgettext_lazy("audit", "reading job"),
    "key": pgettext_lazy("audit", "key"),
    "jobs": pgettext_lazy("audit", "reading jobs"),
    "kind": pgettext_lazy("audit", "kind"),
    "list": pgettext_lazy("audit", "electoral list"),
    "member": pgettext_lazy("audit", "member"),
    "members_created": pgettext_lazy("audit", "members created"),
    "milestones": pgettext_lazy("audit", "milestones"),
    "name": pgettext_lazy("audit", "name"),
    "note": pgettext_lazy("audit", "note"),
    "number": pgettext_lazy("audit", "number"),
    "organization": pgettext_lazy("audit", "organisation"),
    "pages_done": pgettext_lazy("audit", "pages read"),
    "paper": pgettext_lazy("audit", "paper"),
    "parent": pgettext_lazy("audit", "reply to"),
    "password": pgettext_lazy("audit", "password"),
    "position": pgettext_lazy("audit", "position"),
    "previous": pgettext_lazy("audit", "previous round"),
    "proposal": pgettext_lazy("audit", "proposed decision"),
    "proposed_by": pgettext_lazy("audit", "proposed by"),
    "replaces": pgettext_lazy("audit", "replaces the certification"),
    "reason": pgettext_lazy("audit", "reason"),
    "revoked": pgettext_lazy("audit", "revoked"),
    "role": pgettext_lazy("audit", "role"),
    "roster": pgettext_lazy("audit", "people on the roster"),
    "round": pgettext_lazy("audit", "round"),
    "rules": pgettext_lazy("audit", "rulebook"),
    "rulebook": pgettext_lazy("audit", "rulebook"),
    "scan_set": pgettext_lazy("audit", "set of scans"),
    "seats": pgettext_lazy("audit", "number to elect"),
    "sha256": pgettext_lazy("audit", "fingerprint (SHA-256)"),
    "size": pgettext_lazy("audit", "size"),
    "source": pgettext_lazy("audit", "source"),
    "state": pgettext_lazy("audit", "state"),
    "status": pgettext_lazy("audit", "status"),
    "supporters": pgettext_lazy("audit", "supporters"),
    "title": pgettext_lazy("audit", "title"),
    "unkeyed_entries": pgettext_lazy("audit", "entries written before the key"),
    "unkeyed_head": pgettext_lazy("audit", "fingerprint of the last entry before the key"),
    "totals": pgettext_lazy("audit", "ballots issued and explanation"),
    "user": pgettext_lazy("audit", "user"),
    "users_created": pgettext_lazy("audit", "users created"),
    "valid": pgettext_lazy("audit", "valid ballots"),
    "version": pgettext_lazy("audit", "version"),
    "votes": pgettext_lazy("audit", "for / against / abstain"),
}

# Keys whose value is a plain list (not a pair of old and new values).
LISTS = frozenset({"added", "ballots", "candidates", "created", "elected", "emails", "entries",
                   "jobs", "list", "milestones"})

# Keys whose ids name a row of another model, shown by its name.
REFERENCES: dict[str, str] = {
    "attendees": "congress.attendee",
    "board_head": "accounts.user",
    "congress": "congress.congressday",
    "counters": "accounts.user",
    "election": "congress.election",
    "from": "orgs.organization",
    "member": "orgs.member",
    "organization": "orgs.organization",
    "previous": "congress.election",
    "substitute_for": "congress.attendee",
}


def _choice_labels() -> dict[str, dict[str, Any]]:
    """Labels of coded values by key: every choice of every model field of that name, and the
    codes of the election engine."""
    from daihoi.congress.labels import body_label

    table: dict[str, dict[str, Any]] = defaultdict(dict)
    for model in apps.get_models():
        for f in model._meta.concrete_fields:
            if f.choices:
                for value, label in f.flatchoices:
                    table[f.name].setdefault(str(value), label)
                    table[f.attname].setdefault(str(value), label)
    from daihoi.congress.models import AgendaKind, WorkingBodyKind

    table["kind"].update({str(v): label for v, label in AgendaKind.choices})
    table["body"].update({str(v): label for v, label in WorkingBodyKind.choices})
    for body in ("committee", "standing_committee", "secretary", "deputy_secretary",
                 "inspection_committee", "delegates", "alternate_delegates", "other"):
        table["body"].setdefault(body, body_label(body))
    table["round"].update({"first": pgettext("audit", "first round"),
                           "further": pgettext("audit", "further round for the unfilled seats"),
                           "tie_revote": pgettext("audit", "re-vote among the tied")})
    table["form"].update({"strike_out": pgettext("audit", "strike out names"),
                          "agree_disagree": pgettext("audit", "agree / disagree")})
    table["status"].update({"complete": pgettext("audit", "all seats filled"),
                            "tie_revote_required": pgettext("audit",
                                                            "tie at the last seat: re-vote"),
                            "seats_unfilled": pgettext("audit", "seats left unfilled")})
    return table


@dataclass(frozen=True)
class Row:
    entry: AuditEntry
    action: str
    changes: list[str]


class _Names:
    """Names of referenced rows, fetched once per model for a page."""

    def __init__(self) -> None:
        self.wanted: dict[str, set[int]] = defaultdict(set)
        self.found: dict[str, dict[int, str]] = {}

    def want(self, label: str, value: Any) -> None:
        for item in value if isinstance(value, list) else [value]:
            if isinstance(item, list):
                self.want(label, item)
            elif isinstance(item, int) and not isinstance(item, bool):
                self.wanted[label].add(item)

    def fetch(self) -> None:
        for label, ids in self.wanted.items():
            model = apps.get_model(label)
            self.found[label] = {obj.pk: str(obj) for obj in model._default_manager.filter(
                pk__in=ids)}

    def name(self, label: str, value: int) -> str:
        return self.found.get(label, {}).get(value, f"#{value}")


def _model_field(object_type: str, key: str) -> Any:
    """The field ``key`` (a name or an attname) of the model ``object_type``, or None."""
    try:
        model = apps.get_model(object_type)
    except (LookupError, ValueError):
        return None
    try:
        f = model._meta.get_field(key)
    except FieldDoesNotExist:
        return next((f for f in model._meta.concrete_fields if f.attname == key), None)
    # A reverse relation ("batches" of an election) is not a value of the object.
    return f if getattr(f, "concrete", False) else None


def _reference(object_type: str, key: str) -> str | None:
    if key in REFERENCES:
        return REFERENCES[key]
    f = _model_field(object_type, key)
    related = getattr(f, "related_model", None) if f is not None and f.is_relation else None
    if related is not None and not isinstance(related, str):
        return str(related._meta.label_lower)
    return None


class Presenter:
    def __init__(self) -> None:
        self.choices = _choice_labels()
        self.names = _Names()

    def field_name(self, object_type: str, key: str) -> str:
        if key in FIELDS:
            return str(FIELDS[key])
        f = _model_field(object_type, key)
        if f is not None:
            return str(f.verbose_name)
        return key.replace("_", " ")

    def value(self, object_type: str, key: str, value: Any) -> str:
        if value is None or value == "" or value == []:
            return "—"
        if isinstance(value, bool):
            return _("yes") if value else _("no")
        if isinstance(value, list):
            return ", ".join(self.value(object_type, key, v) for v in value)
        if isinstance(value, dict):
            return "; ".join(f"{self.field_name(object_type, str(k))}: "
                             f"{self.value(object_type, str(k), v)}"
                             for k, v in value.items())
        reference = _reference(object_type, key)
        if reference is not None and isinstance(value, int):
            return self.names.name(reference, value)
        if isinstance(value, str):
            if value.startswith("!") and value[1:] in DEFECT_LABELS:  # a keyed ballot's defect
                return DEFECT_LABELS[value[1:]]
            if key in ("rules", "rulebook"):
                from daihoi.congress.labels import rulebook_label

                return rulebook_label(value)
            f = _model_field(object_type, key)
            own = dict(f.flatchoices) if f is not None and f.choices else {}
            label = own.get(value, self.choices.get(key, {}).get(value))
            if label is not None:
                return str(label)
            return _when(value)
        return str(value)

    def is_pair(self, key: str, value: Any) -> bool:
        return isinstance(value, list) and len(value) == 2 and key not in LISTS

    def lines(self, entry: AuditEntry) -> list[str]:
        changes = entry.changes if isinstance(entry.changes, Mapping) else {}
        out = []
        for key, value in changes.items():
            name = self.field_name(entry.object_type, key)
            if self.is_pair(key, value):
                old, new = (self.value(entry.object_type, key, v) for v in value)
                if old != new:
                    out.append(f"{name}: {old} → {new}")
            else:
                out.append(f"{name}: {self.value(entry.object_type, key, value)}")
        return out

    def prepare(self, entries: Iterable[AuditEntry]) -> None:
        for entry in entries:
            changes = entry.changes if isinstance(entry.changes, Mapping) else {}
            for key, value in changes.items():
                reference = _reference(entry.object_type, key)
                if reference is not None:
                    self.names.want(reference, value)
        self.names.fetch()


def _when(text: str) -> str:
    """An ISO date or time as the page writes dates; any other text as it is."""
    if len(text) >= 10 and text[4:5] == "-" and text[7:8] == "-":
        try:
            if len(text) == 10:
                return formats.date_format(dt.date.fromisoformat(text), "d/m/Y")
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return text
        if timezone.is_aware(moment):
            moment = timezone.localtime(moment)
        return formats.date_format(moment, "d/m/Y H:i")
    return text


def action_label(action: str) -> str:
    label = ACTIONS.get(action)
    return str(label) if label is not None else pgettext("audit", "Other change")


def rows(entries: Sequence[AuditEntry]) -> list[Row]:
    """The entries of one page, in words."""
    presenter = Presenter()
    presenter.prepare(entries)
    return [Row(e, action_label(e.action), presenter.lines(e)) for e in entries]
