"""The result package: a certified congress, from the hall laptop to the superior's server.

``do_export_package`` (laptop, after every election is certified) writes one file signed with
the kit's hall key: per election the election document with every final ballot, the certified
result, the minutes (PDF), the entry log (PDF), the hashes of its ballot images; the attendance
figures; the part of the audit chain that records the day. Each package carries a sequence
number; a later one (after a count was reopened and certified again) says why.

``do_import_package`` (server) checks the signature against the hall key it issued with the kit
and every hash, refuses a package from another congress, an older one replayed, or one whose
count differs from the server's own recount of its ballots; then files it as if it had been
entered on the server: the congress day, its elections with their final ballots and certified
results, the campaign's congress moved on to "results reported". The same package twice is a
no-op. Everything happens in one transaction: a refused package changes nothing.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from django.db import transaction
from django.utils import timezone

from daihoi.audit.log import head_label, record
from daihoi.audit.models import AuditEntry
from daihoi.campaigns.access import actors_for
from daihoi.campaigns.models import Congress
from daihoi.congress import counting
from daihoi.congress.models import Batch, CongressDay, Election, ElectionStatus, Entry
from daihoi.election import FormatError, parse_election, result_document, tally
from daihoi.election.rulebook import builtin_ids
from daihoi.orgs.models import Member
from daihoi.project.paths import data_dir
from daihoi.transfer import container, keys
from daihoi.transfer.models import InstalledKit, IssuedKit, MemberLink, ReceivedPackage

PACKAGE_FORMAT = "daihoi-package/1"
CONGRESS_FILE = "congress.json"
AUDIT_FILE = "audit.json"


class PackageError(Exception):
    """The package is refused; the message says why, in Vietnamese."""


# ---------------------------------------------------------------- the laptop


def installed_kit() -> InstalledKit:
    kit = InstalledKit.objects.select_related("congress_day", "organization").first()
    if kit is None:
        raise PackageError("Máy này chưa nạp bộ dữ liệu đại hội của cấp trên (daihoi kit "
                           "import), nên không lập được gói kết quả.")
    return kit


def _election_files(election: Election, n: int, links: dict[int, int]) -> tuple[
        dict[str, bytes], dict[str, Any]]:
    from daihoi.congress.documents import entry_log_pdf, minutes_pdf

    doc = counting.election_document(election)
    members = {str(c.number): links.get(c.member_id) for c in counting.listed(election)
               if c.member_id is not None}
    images = []
    try:
        from daihoi.scanning.models import ScannedBallot

        images = sorted(ScannedBallot.objects.filter(scan_set__batch__election=election)
                        .values_list("sha256", flat=True))
    except ImportError:  # pragma: no cover - the scanning app is always installed
        pass
    prefix = f"election-{n}"
    files = {
        f"{prefix}.json": _dump(doc),
        f"{prefix}-result.json": _dump(election.result),
        f"{prefix}-minutes.pdf": minutes_pdf(election),
        f"{prefix}-entry-log.pdf": entry_log_pdf(election),
    }
    entry = {
        "number": n, "title": election.title, "body": election.body, "round": election.round,
        "seats": election.seats, "ballots_issued": election.ballots_issued,
        "discrepancy_note": election.discrepancy_note,
        "certified_at": election.certified_at.isoformat() if election.certified_at else None,
        "counting_started_at": election.counting_started_at.isoformat()
        if election.counting_started_at else None,
        "candidate_members": members, "image_sha256": images,
        "document": f"{prefix}.json", "result": f"{prefix}-result.json",
        "minutes": f"{prefix}-minutes.pdf", "entry_log": f"{prefix}-entry-log.pdf",
    }
    return files, entry


def _dump(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, indent=1,
                      default=str).encode()


@transaction.atomic
def do_export_package(*, acting_user: Any, reason: str = "") -> tuple[bytes, int]:
    """The signed result package of this laptop's congress and its sequence number. A package
    after the first needs the reason (why the count was certified again)."""
    kit = installed_kit()
    kit = InstalledKit.objects.select_for_update().get(pk=kit.pk)
    day = kit.congress_day
    if day is None:
        raise PackageError("Bộ dữ liệu đã nạp không có đại hội.")
    elections = list(day.elections.order_by("pk"))
    if not elections:
        raise PackageError("Đại hội chưa có cuộc bầu cử nào.")
    pending = [e.title for e in elections if e.status != ElectionStatus.CERTIFIED]
    if pending:
        raise PackageError("Mọi cuộc bầu cử phải được xác nhận kết quả trước khi lập gói: "
                           f"chưa xác nhận {', '.join(pending)}.")
    state = hashlib.sha256(_dump([[e.pk, e.certified_at, e.result] for e in elections])
                           ).hexdigest()
    sent = _sent_path(kit.packages_made)
    if kit.packages_made and state == kit.last_package_state and sent.exists():
        return sent.read_bytes(), kit.packages_made
    reason = " ".join(reason.split())
    if kit.packages_made and not reason:
        raise PackageError("Đây không phải gói đầu tiên của đại hội: cần ghi lý do gửi lại "
                           "(vì sao kết quả được xác nhận lại).")
    links = dict(MemberLink.objects.filter(kit=kit).values_list("member_id", "server_id"))
    files: dict[str, bytes] = {}
    entries = []
    for n, election in enumerate(elections, 1):
        f, entry = _election_files(election, n, links)
        files.update(f)
        entries.append(entry)
    fig = counting.figures(day)
    since = AuditEntry.objects.filter(action="transfer.kit_import",
                                      object_id=str(kit.pk)).order_by("id").first()
    chain = AuditEntry.objects.filter(id__gte=since.id if since else 1).order_by("id")
    files[AUDIT_FILE] = _dump([
        {"id": a.id, "created_at": a.created_at.isoformat(), "actor": a.actor_name,
         "action": a.action, "object_type": a.object_type, "object_id": a.object_id,
         "changes": a.changes, "prev_hash": a.prev_hash, "hash": a.hash} for a in chain])
    sequence = kit.packages_made + 1
    files[CONGRESS_FILE] = _dump({
        "held_on": day.held_on.isoformat(), "kind": day.kind, "rules": day.rules,
        "title": day.title, "term": day.term,
        "figures": {"convened": fig.convened, "excluded": fig.excluded, "present": fig.present,
                    "absent_with_reason": fig.absent_with_reason,
                    "absent_without_reason": fig.absent_without_reason},
        "elections": entries,
    })
    made_at = timezone.now()
    meta = {"kit_id": kit.kit_id, "congress_id": kit.server_congress_id,
            "organization": kit.organization.name, "sequence": sequence,
            "made_at": made_at.isoformat(), "replaces": kit.last_package_digest,
            "reason": reason,
            # The laptop's audit head when the package was made: an outside copy of it.
            "audit_head": head_label()}
    data = container.write(PACKAGE_FORMAT, meta, files,
                           keys.private_key_from_text(kit.hall_private_key))
    hall_public = keys.private_key_from_text(kit.hall_private_key).public_key()
    opened = container.read(data, expected_format=PACKAGE_FORMAT,
                            trusted_key=lambda _kid: hall_public)
    kit.packages_made = sequence
    kit.last_package_digest = opened.digest
    kit.last_package_state = state
    kit.save(update_fields=["packages_made", "last_package_digest", "last_package_state"])
    path = _sent_path(sequence)
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    record(acting_user=acting_user, action="transfer.package_export", obj=kit,
           object_repr=f"{kit.organization.name}: gói kết quả số {sequence}",
           changes={"sequence": sequence, "digest": opened.digest, "reason": reason,
                    "elections": len(elections)})
    return data, sequence


def _sent_path(sequence: int) -> Path:
    return data_dir() / "packages" / f"sent-{sequence}.daihoi"


# ---------------------------------------------------------------- the server


@dataclass(frozen=True)
class Filed:
    package: ReceivedPackage
    changed: bool
    message: str


def _issued_kit_for(data: bytes) -> tuple[container.Container, IssuedKit]:
    kits: dict[str, IssuedKit] = {}

    def trusted(kid: str) -> Any:
        kit = IssuedKit.objects.filter(hall_key_id=kid).select_related("congress").first()
        if kit is None:
            return None
        kits[kid] = kit
        return container.public_key_from_text(kit.hall_public_key)

    opened = container.read(data, expected_format=PACKAGE_FORMAT, trusted_key=trusted)
    kit = kits[opened.key_id]
    if str(opened.meta.get("kit_id")) != kit.kit_id:
        raise PackageError("Gói kết quả không khớp bộ dữ liệu đại hội đã cấp.")
    return opened, kit


def _recount(doc: Any, certified: Any, title: str) -> dict[str, Any]:
    try:
        result = tally(parse_election(doc))
    except FormatError as exc:
        raise PackageError(f"Cuộc bầu “{title}”: tài liệu bầu cử không hợp lệ "
                           f"({'; '.join(exc.problems[:3])}).") from None
    mine = result_document(result)
    if json.loads(json.dumps(mine, default=str)) != json.loads(json.dumps(certified,
                                                                          default=str)):
        raise PackageError(
            f"Cuộc bầu “{title}”: máy chủ kiểm lại từ các phiếu trong gói và được kết quả khác "
            "với kết quả đã xác nhận trong gói. Không nhận gói này.")
    return mine


@transaction.atomic
def do_import_package(data: bytes, *, acting_user: Any,
                      congress: Congress | None = None) -> Filed:
    """Verify, recount and file a result package (see the module's docstring). ``congress``,
    when given (the upload page of one congress), must be the package's congress."""
    try:
        opened, kit = _issued_kit_for(data)
    except container.ContainerError as exc:
        raise PackageError(str(exc)) from None
    target = kit.congress
    if congress is not None and congress.pk != target.pk:
        raise PackageError(f"Gói này là của đại hội {target.organization.name}, không phải của "
                           f"đại hội {congress.organization.name}.")
    if opened.meta.get("congress_id") != target.pk:
        raise PackageError("Gói kết quả ghi một đại hội khác với bộ dữ liệu đã cấp.")
    if acting_user is not None and not actors_for(acting_user, target):
        # The organisation's own office or its superior's staff; not an observer, not
        # another organisation.
        raise PackageError("Tài khoản này không được nộp kết quả của đại hội "
                           f"{target.organization.name}.")
    same = ReceivedPackage.objects.filter(digest=opened.digest).first()
    if same is not None and same.replaced_by_id is not None:
        raise PackageError(f"Gói số {same.sequence} đã được thay bằng một gói mới hơn: không "
                           "nhận lại gói cũ.")
    if same is not None:
        return Filed(same, False, f"Gói số {same.sequence} đã được nhận ngày "
                     f"{timezone.localtime(same.received_at):%d/%m/%Y}; không có gì thay đổi.")
    target = Congress.objects.select_for_update().get(pk=target.pk)
    latest = (ReceivedPackage.objects.filter(congress=target, replaced_by__isnull=True)
              .order_by("-sequence").first())
    try:
        sequence = int(opened.meta["sequence"])
        made_at = dt.datetime.fromisoformat(str(opened.meta["made_at"]))
    except (KeyError, ValueError, TypeError):
        raise PackageError("Gói kết quả không đúng dạng (số thứ tự, thời điểm lập).") from None
    reason = str(opened.meta.get("reason", "")).strip()
    if latest is not None:
        if sequence <= latest.sequence:
            raise PackageError(
                f"Đây là gói số {sequence}, cũ hơn gói số {latest.sequence} đã nhận: không nhận "
                "lại gói cũ.")
        if not reason:
            raise PackageError("Gói này thay gói đã nhận nhưng không ghi lý do: không nhận.")
    filed_days = {p.congress_day_id for p in ReceivedPackage.objects.filter(congress=target)}
    local = (CongressDay.objects.filter(campaign_congress_id=target.pk)
             .exclude(pk__in=[d for d in filed_days if d is not None]))
    if local.exists():
        raise PackageError(
            f"Máy chủ đã có ngày đại hội của {target.organization.name} được nhập trực tiếp "
            "trên máy chủ: kết quả không thể đến từ hai nơi. Không nhận gói này.")
    content = opened.json(CONGRESS_FILE)
    day = _file(opened, content, target, acting_user)
    package = ReceivedPackage.objects.create(
        kit=kit, congress=target, congress_day=day, sequence=sequence, digest=opened.digest,
        made_at=made_at, received_at=timezone.now(), received_by=acting_user,
        replacement_reason=reason if latest is not None else "",
        summary={"elections": [{"title": e["title"], "certified_at": e["certified_at"]}
                               for e in content["elections"]],
                 "figures": content["figures"],
                 "laptop_audit_head": str(opened.meta.get("audit_head", ""))},
        file_name=f"{opened.digest}.daihoi")
    folder = data_dir() / "packages"
    folder.mkdir(exist_ok=True)
    (folder / package.file_name).write_bytes(data)
    gone: list[Any] = []
    if latest is not None:
        old_day = latest.congress_day
        latest.replaced_by = package
        latest.save(update_fields=["replaced_by"])
        if old_day is not None:
            # The rows the replaced package filed, recorded as deleted in the entry below.
            gone = [*Election.objects.filter(congress=old_day),
                    *Batch.objects.filter(election__congress=old_day),
                    *Entry.objects.filter(batch__election__congress=old_day)]
            old_day.delete()
    record(acting_user=acting_user, action="transfer.package_import", obj=package, also=gone,
           object_repr=f"{target.organization.name}: gói kết quả số {sequence}",
           changes={"digest": opened.digest, "sequence": sequence, "kit_id": kit.kit_id,
                    "replaces": latest.sequence if latest else None, "reason": reason})
    message = (f"Đã nhận gói kết quả số {sequence} của {target.organization.name}: máy chủ đã "
               f"kiểm lại {len(content['elections'])} cuộc bầu cử, kết quả khớp.")
    if latest is not None:
        message += f" Gói này thay gói số {latest.sequence}; lý do: {reason}"
    return Filed(package, True, message)


def _file(opened: container.Container, content: Any, target: Congress,
          acting_user: Any) -> CongressDay:
    from daihoi.congress import superior
    from daihoi.congress.actions import do_create_congress, do_import_election

    try:
        held_on = dt.date.fromisoformat(content["held_on"])
        elections = list(content["elections"])
    except (KeyError, TypeError, ValueError):
        raise PackageError("Gói kết quả không đúng dạng (ngày đại hội).") from None
    if content.get("rules") not in builtin_ids():
        raise PackageError("Gói kết quả ghi một bộ quy tắc bầu cử không có ở máy chủ.")
    day = do_create_congress(acting_user=acting_user, organization=target.organization,
                             title=str(content.get("title", ""))[:200], held_on=held_on,
                             kind=str(content.get("kind")), rules=str(content["rules"]),
                             term=str(content.get("term", ""))[:20])
    day.campaign_congress_id = target.pk
    day.save(update_fields=["campaign_congress_id"])
    members = Member.objects.filter(organization__path__startswith=target.organization.path)
    for e in elections:
        title = str(e.get("title", ""))[:200]
        doc = opened.json(str(e["document"]))
        certified = opened.json(str(e["result"]))
        for name in (e["minutes"], e["entry_log"]):
            if name not in opened.files:
                raise PackageError(f"Gói thiếu biên bản của cuộc bầu “{title}”.")
        recount = _recount(doc, certified, title)
        election = do_import_election(day, acting_user=acting_user, data=doc, title=title)
        for number, member_id in (e.get("candidate_members") or {}).items():
            if member_id is not None:
                member = members.filter(pk=int(member_id)).first()
                if member is None:
                    raise PackageError(f"Cuộc bầu “{title}”: người ứng cử số {number} không "
                                       "thuộc tổ chức của đại hội.")
                election.candidates.filter(number=int(number)).update(member=member)
        certified_at = (dt.datetime.fromisoformat(e["certified_at"]) if e.get("certified_at")
                        else timezone.now())
        election.status = ElectionStatus.CERTIFIED
        election.discrepancy_note = str(e.get("discrepancy_note") or "")
        election.certified_at = certified_at
        election.result = recount
        election.save(update_fields=["status", "certified_at", "result", "discrepancy_note"])
        record(acting_user=acting_user, action="congress.certify", obj=election,
               changes={"elected": recount.get("elected"), "from_package": opened.digest,
                        "certified_at": certified_at})
    if not elections:
        raise PackageError("Gói kết quả không có cuộc bầu cử nào.")
    if target.state not in ("results_reported", "results_approved"):
        from daihoi.congress.actions import CongressError

        try:
            superior.report(day, acting_user=acting_user)
        except CongressError as exc:
            raise PackageError(" ".join(exc.messages)) from None
    day.reported_at = timezone.now()
    day.save(update_fields=["reported_at"])
    return day



def stored_package(package: ReceivedPackage) -> Path:
    return data_dir() / "packages" / package.file_name
