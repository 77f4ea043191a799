"""The congress kit: what a hall laptop needs, from the superior's server, to run one congress.

``do_export_kit`` (server) writes one signed file: the organisation and its superiors (for the
minutes' heading), its members with the statuses the base needs, the campaign's congress and its
approved personnel plan, the rulebook, the planned election, the accounts of the organisation's
office and counting board (with their password hashes, never the passwords) and a hall key made
for this kit alone. The server keeps the hall key's public half: only the laptop holding the kit
can sign a result package the server accepts.

``do_import_kit`` (laptop) checks the superior's signature against the key id the operator was
given (printed on the kit's cover sheet and on the campaign page), the kit's expiry and that the
laptop holds no other congress, then loads it in one transaction. The same kit twice changes
nothing.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import uuid
import zipfile
from typing import Any

from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey
from django.db import transaction
from django.utils import timezone

from daihoi.accounts.models import Role, User
from daihoi.audit.log import record
from daihoi.campaigns.models import Campaign, Congress, PersonnelPlan, PlanEntry
from daihoi.election.rulebook import builtin_ids
from daihoi.orgs.models import Member, Organization
from daihoi.transfer import container, keys
from daihoi.transfer.models import InstalledKit, IssuedKit, MemberLink

KIT_FORMAT = "daihoi-kit/1"
KIT_FILE = "kit.json"
DEFAULT_VALID_DAYS = 60
ORG_FIELDS = ("code", "name", "kind", "sector", "active")
MEMBER_FIELDS = ("full_name", "gender", "date_of_birth", "ethnicity", "status", "date_joined",
                 "education", "theory_level", "active")
CAMPAIGN_FIELDS = ("name", "term_start", "term_end", "plan_number", "plan_date", "directives",
                   "subordinate_deadline", "superior_congress_date", "documents_due",
                   "comments_due", "personnel_plan_due", "window_start", "window_end",
                   "results_due")
DATE_FIELDS = {"date_of_birth", "date_joined", "plan_date", "subordinate_deadline",
               "superior_congress_date", "documents_due", "comments_due", "personnel_plan_due",
               "window_start", "window_end", "results_due"}


class KitError(Exception):
    """The kit is refused; the message says why, in Vietnamese."""


def rulebook_for(campaign: Campaign) -> str:
    """The Party's election regulation in force for a campaign's term."""
    if campaign.term_start >= 2025:
        return "party-2024"
    if campaign.term_start >= 2015:
        return "party-2014"
    return "party-2009"


def _values(obj: Any, fields: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        v = getattr(obj, f)
        out[f] = v.isoformat() if isinstance(v, dt.date) else v
    return out


def _parse_values(values: dict[str, Any], fields: tuple[str, ...]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields:
        if f not in values:
            raise KitError(f"Bộ dữ liệu thiếu trường “{f}”.")
        v = values[f]
        out[f] = dt.date.fromisoformat(v) if f in DATE_FIELDS and v else v
    return out


def kit_content(congress: Congress, *, kit_id: str, hall_key_text: str, issued_at: dt.datetime,
                expires_at: dt.datetime, rules: str) -> dict[str, Any]:
    org = congress.organization
    chain = list(Organization.objects.filter(
        pk__in=[int(p) for p in org.path.strip("/").split("/") if p]).order_by("depth"))
    subtree = list(Organization.objects.filter(path__startswith=org.path).order_by("depth", "pk"))
    orgs = {o.pk: o for o in [*chain, *subtree]}
    members = Member.objects.filter(organization__path__startswith=org.path).order_by("pk")
    plan = PersonnelPlan.objects.filter(congress=congress).first()
    accounts = User.objects.filter(organization=org, is_active=True,
                                   role__in=[Role.ORG_OFFICE, Role.COUNTING_BOARD]).order_by("pk")
    return {
        "kit_id": kit_id,
        "issued_at": issued_at.isoformat(),
        "expires_at": expires_at.isoformat(),
        "rules": rules,
        "organizations": [{"id": o.pk, "parent_id": o.parent_id, **_values(o, ORG_FIELDS)}
                          for o in sorted(orgs.values(), key=lambda o: (o.depth, o.pk))],
        "organization_id": org.pk,
        "members": [{"id": m.pk, "organization_id": m.organization_id,
                     **_values(m, MEMBER_FIELDS)} for m in members],
        "campaign": {"id": congress.campaign_id, "superior_id": congress.campaign.superior_id,
                     **_values(congress.campaign, CAMPAIGN_FIELDS)},
        "congress": {"id": congress.pk, "kind": congress.kind,
                     "official_members": congress.official_members,
                     "planned_date": congress.planned_date.isoformat()
                     if congress.planned_date else None,
                     "place": congress.place},
        "personnel_plan": None if plan is None or plan.approved_at is None else {
            "committee_size": plan.committee_size,
            "note": plan.note,
            "approved_at": plan.approved_at.isoformat(),
            "entries": [{"member_id": e.member_id, "position": e.position,
                         "new_to_committee": e.new_to_committee}
                        for e in plan.entries.order_by("pk")],
        },
        "elections": [{"body": "committee", "seats": plan.committee_size}]
        if plan is not None and plan.approved_at is not None else [],
        "accounts": [{"username": u.username, "full_name": u.full_name, "role": u.role,
                      "password": u.password} for u in accounts],
        "hall_key": hall_key_text,
    }


@transaction.atomic
def do_export_kit(congress: Congress, *, acting_user: Any,
                  valid_days: int = DEFAULT_VALID_DAYS, rules: str | None = None) -> bytes:
    """A signed kit for one subordinate congress; the server records the hall key's public
    half. Refused until the superior has approved the congress's personnel plan."""
    plan = PersonnelPlan.objects.filter(congress=congress).first()
    if plan is None or plan.approved_at is None:
        raise KitError("Cấp trên chưa phê duyệt phương án nhân sự của đại hội này, nên chưa "
                       "thể lập bộ dữ liệu đại hội.")
    rules = rules or rulebook_for(congress.campaign)
    if rules not in builtin_ids():
        raise KitError(f"Không có bộ quy tắc bầu cử “{rules}”.")
    if not 1 <= valid_days <= 366:
        raise KitError("Thời hạn của bộ dữ liệu phải từ 1 đến 366 ngày.")
    kit_id = str(uuid.uuid4())
    hall = keys.new_hall_key()
    now = timezone.now()
    content = kit_content(congress, kit_id=kit_id, hall_key_text=keys.private_key_text(hall),
                          issued_at=now, expires_at=now + dt.timedelta(days=valid_days),
                          rules=rules)
    server = keys.server_key()
    data = container.write(KIT_FORMAT, {
        "kit_id": kit_id, "congress_id": congress.pk,
        "organization": congress.organization.name,
        "superior": congress.campaign.superior.name,
        "superior_key": container.public_key_text(server.public_key()),
    }, {KIT_FILE: json.dumps(content, ensure_ascii=False).encode()}, server)
    opened = container.read(data, expected_format=KIT_FORMAT,
                            trusted_key=lambda _kid: server.public_key())
    kit = IssuedKit.objects.create(
        kit_id=kit_id, congress=congress,
        hall_public_key=container.public_key_text(hall.public_key()),
        hall_key_id=container.key_id(hall.public_key()), issued_at=now,
        expires_at=now + dt.timedelta(days=valid_days), issued_by=acting_user,
        digest=opened.digest)
    record(acting_user=acting_user, action="transfer.kit_export", obj=kit,
           object_repr=f"{congress.organization.name}: bộ dữ liệu đại hội",
           changes={"congress": congress.pk, "kit_id": kit_id, "digest": opened.digest,
                    "expires_at": kit.expires_at, "members": len(content["members"])})
    return data


def superior_key_id() -> str:
    return container.key_id(keys.server_key().public_key())


def signer_key_id(data: bytes) -> str | None:
    """The key id a kit says it was signed with (unverified: to show the operator, who compares
    it with the one printed on the kit's cover sheet)."""
    public = _claimed_superior_key(data)
    return container.key_id(public) if public is not None else None


def _claimed_superior_key(data: bytes) -> Ed25519PublicKey | None:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo(container.MANIFEST)
            if info.file_size > container.MAX_MANIFEST_BYTES:
                return None
            manifest = json.loads(zf.read(info))
        return container.public_key_from_text(str(manifest["meta"]["superior_key"]))
    except (zipfile.BadZipFile, KeyError, ValueError, TypeError, OSError,
            container.ContainerError):
        return None


def _same_id(a: str, b: str) -> bool:
    def norm(s: str) -> str:
        return "".join(ch for ch in s.upper() if ch.isalnum())
    return norm(a) == norm(b)


def open_kit(data: bytes, *, superior_key_id: str) -> container.Container:
    """Verify a kit: signed by the key whose id the operator was given (the kit carries the
    public key, trusted only when its id is that one, so a kit re-signed by anyone else is
    refused), untouched since."""
    public = _claimed_superior_key(data)
    if public is not None and not _same_id(container.key_id(public), superior_key_id):
        raise KitError(
            f"Bộ dữ liệu được ký bằng khóa {container.key_id(public)}, không phải khóa của cấp "
            f"trên đã cho ({superior_key_id}). Không nạp.")

    def trusted(kid: str) -> Ed25519PublicKey | None:
        return public if public is not None and kid == container.key_id(public) else None

    return container.read(data, expected_format=KIT_FORMAT, trusted_key=trusted)


@transaction.atomic
def do_import_kit(data: bytes, *, superior_key_id: str, acting_user: Any = None,
                  now: dt.datetime | None = None) -> tuple[InstalledKit, bool]:
    """Load a kit on a hall laptop; returns the installed kit and whether anything changed."""
    opened = open_kit(data, superior_key_id=superior_key_id)
    content = opened.json(KIT_FILE)
    if not isinstance(content, dict):
        raise KitError("Bộ dữ liệu không đúng dạng.")
    try:
        kit_id = str(content["kit_id"])
        expires_at = dt.datetime.fromisoformat(content["expires_at"])
        if kit_id != opened.meta.get("kit_id"):
            raise KitError("Bộ dữ liệu không khớp bản kê đã ký.")
    except (KeyError, ValueError, TypeError):
        raise KitError("Bộ dữ liệu không đúng dạng.") from None
    now = now or timezone.now()
    existing = InstalledKit.objects.filter(kit_id=kit_id).first()
    if existing is not None:
        return existing, False
    if expires_at < now:
        raise KitError(f"Bộ dữ liệu đã hết hạn ngày {timezone.localtime(expires_at):%d/%m/%Y}: "
                       "xin cấp trên lập bộ mới.")
    other = InstalledKit.objects.exclude(kit_id=kit_id).select_related("organization").first()
    if other is not None:
        raise KitError(
            f"Máy này đã nạp bộ dữ liệu của đại hội {other.organization.name}; bộ này dành "
            "cho một đại hội khác. Dùng một thư mục dữ liệu mới cho mỗi đại hội.")
    try:
        installed = _load(content, opened, expires_at, now, acting_user)
    except (KeyError, ValueError, TypeError) as exc:
        raise KitError(f"Bộ dữ liệu không đúng dạng ({exc}).") from None
    return installed, True


def _load(content: dict[str, Any], opened: container.Container, expires_at: dt.datetime,
          now: dt.datetime, acting_user: Any) -> InstalledKit:
    from daihoi.congress.actions import do_create_congress
    from daihoi.transfer.container import key_id as kid

    orgs: dict[int, Organization] = {}
    for o in content["organizations"]:
        values = _parse_values(o, ORG_FIELDS)
        found = Organization.objects.filter(code=values["code"]).first()
        if found is not None:
            raise KitError(f"Máy này đã có tổ chức mang mã “{values['code']}”: dùng một thư mục "
                           "dữ liệu mới cho đại hội này.")
        parent = orgs.get(o["parent_id"]) if o["parent_id"] is not None else None
        orgs[int(o["id"])] = Organization.objects.create(parent=parent, **values)
    org = orgs[int(content["organization_id"])]
    members: dict[int, Member] = {}
    for m in content["members"]:
        members[int(m["id"])] = Member.objects.create(
            organization=orgs[int(m["organization_id"])], **_parse_values(m, MEMBER_FIELDS))
    camp = content["campaign"]
    campaign = Campaign.objects.create(superior=orgs[int(camp["superior_id"])],
                                       **_parse_values(camp, CAMPAIGN_FIELDS))
    cong = content["congress"]
    congress = Congress.objects.create(
        campaign=campaign, organization=org, kind=cong["kind"],
        official_members=int(cong["official_members"]), place=str(cong["place"]),
        planned_date=dt.date.fromisoformat(cong["planned_date"]) if cong["planned_date"]
        else None, state="personnel_plan_approved", state_changed_at=now)
    plan = content["personnel_plan"]
    if plan is not None:
        pp = PersonnelPlan.objects.create(
            congress=congress, committee_size=int(plan["committee_size"]), note=plan["note"],
            updated_at=now, approved_at=dt.datetime.fromisoformat(plan["approved_at"]))
        PlanEntry.objects.bulk_create(
            PlanEntry(plan=pp, member=members[int(e["member_id"])], position=e["position"],
                      new_to_committee=bool(e["new_to_committee"])) for e in plan["entries"])
    for a in content["accounts"]:
        if User.objects.filter(username=a["username"]).exists():
            raise KitError(f"Máy này đã có tài khoản “{a['username']}”: dùng một thư mục dữ "
                           "liệu mới cho đại hội này.")
        user = User(username=a["username"], full_name=a["full_name"], role=a["role"],
                    organization=org)
        user.password = a["password"]
        user.save()
    held_on = congress.planned_date or timezone.localdate(now)
    day = do_create_congress(acting_user=acting_user, organization=org,
                             title=f"Đại hội {org.name}",
                             held_on=held_on, kind=congress.kind, rules=content["rules"],
                             term=f"{campaign.term_start}–{campaign.term_end}")
    day.campaign_congress_id = congress.pk
    day.save(update_fields=["campaign_congress_id"])
    hall = keys.private_key_from_text(content["hall_key"])
    installed = InstalledKit.objects.create(
        kit_id=content["kit_id"], digest=opened.digest, superior_key_id=opened.key_id,
        superior_name=str(opened.meta.get("superior", "")),
        server_congress_id=int(cong["id"]), organization=org, congress_day=day,
        hall_private_key=keys.private_key_text(hall), expires_at=expires_at, installed_at=now)
    MemberLink.objects.bulk_create(MemberLink(kit=installed, server_id=sid, member=m)
                                   for sid, m in members.items())
    record(acting_user=acting_user, action="transfer.kit_import", obj=installed,
           also=[Member.objects.filter(pk__in=[m.pk for m in members.values()]),
                 User.objects.filter(organization=org), congress],
           object_repr=f"{org.name}: bộ dữ liệu đại hội",
           changes={"kit_id": installed.kit_id, "digest": opened.digest,
                    "superior_key": opened.key_id, "hall_key": kid(hall.public_key()),
                    "organizations": len(orgs), "members": len(members),
                    "accounts": len(content["accounts"])})
    return installed
