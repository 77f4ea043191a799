"""Writes of congress day: one transactional function each, each writing its audit row.

One exception, on purpose: a keyed ballot (``do_key_ballot``, ``do_undo_ballot``) writes no
audit row of its own, because an audit row carries a timestamp and a ballot must carry nothing
finer than its batch (secrecy). The whole entry is audited when the clerk submits it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from daihoi.accounts.models import Role, User
from daihoi.audit.log import record
from daihoi.congress import counting
from daihoi.congress.keying import KeyingError, canonical, content_of
from daihoi.congress.models import (
    AgendaItem,
    AttendanceStatus,
    Attendee,
    AttendeeRole,
    Batch,
    BatchStatus,
    Candidate,
    CandidateSource,
    Certification,
    CongressDay,
    CongressKind,
    Election,
    ElectionStatus,
    Entry,
    FinalBallot,
    KeyedBallot,
    StoredRulebook,
    WorkingBodyKind,
    WorkingBodySeat,
)
from daihoi.congress.rulebooks import (
    RulebookChoiceError,
    check_uploaded,
    rulebook_by_id,
    rulebook_of,
)
from daihoi.election import Candidate as EngineCandidate
from daihoi.election import (
    ballot_order,
    check_surplus,
    needs_surplus,
    nominee_admitted,
    parse_election,
    result_document,
)
from daihoi.election.listrules import max_surplus
from daihoi.lib.vietnamese import name_sort_string
from daihoi.orgs.models import Member, MemberStatus, Organization


class CongressError(ValidationError):
    """A write the rules refuse; the message is Vietnamese, shown as is."""


SEALED = ("Kết quả cuộc bầu cử “{title}” đã được xác nhận nên không thể thay đổi. "
          "Muốn sửa, Trưởng Ban kiểm phiếu phải mở lại kết quả và ghi rõ lý do.")


def ensure_unsealed(election: Election) -> None:
    """Refuse any change to a certified election (its status read afresh from the database,
    so a page opened before the certification refuses too). Every write that touches an
    election's list, board, totals, batches, entries, decisions or scans calls this first."""
    status = Election.objects.filter(pk=election.pk).values_list("status", flat=True).first()
    if status == ElectionStatus.CERTIFIED:
        raise CongressError(SEALED.format(title=election.title))


# ---------------------------------------------------------------- congress and roster


@transaction.atomic
def do_create_congress(*, acting_user: Any, organization: Organization, title: str,
                       held_on: dt.date, kind: str = CongressKind.MEMBERS,
                       rules: str = "party-2024", term: str = "") -> CongressDay:
    """A congress; for a members' congress the roster is every active official member of the
    organisation's subtree. ``rules`` is a rulebook id: a shipped one or one uploaded for the
    organisation's line; never a path."""
    try:
        rulebook_by_id(rules, organization)
    except RulebookChoiceError as exc:
        raise CongressError(str(exc)) from None
    congress = CongressDay.objects.create(organization=organization, title=title, kind=kind,
                                          rules=rules, held_on=held_on, term=term)
    added = 0
    if kind == CongressKind.MEMBERS:
        members = Member.objects.filter(organization__path__startswith=organization.path,
                                        status=MemberStatus.OFFICIAL, active=True)
        rows = [Attendee(congress=congress, member=m, full_name=m.full_name,
                         sort_key=m.sort_key, role=AttendeeRole.MEMBER) for m in members]
        Attendee.objects.bulk_create(rows, batch_size=1000)
        added = len(rows)
    record(acting_user=acting_user, action="congress.create", obj=congress,
           changes={"organization": organization.pk, "kind": kind, "rules": rules,
                    "held_on": held_on, "roster": added})
    return congress


@transaction.atomic
def do_add_attendee(congress: CongressDay, *, acting_user: Any, full_name: str = "",
                    member: Member | None = None,
                    role: str = AttendeeRole.DELEGATE) -> Attendee:
    """A delegate or alternate entered by hand (or a member added to the roster)."""
    if member is not None:
        if not member.organization.path.startswith(congress.organization.path):
            raise CongressError("Đảng viên này không thuộc tổ chức đảng của đại hội.")
        full_name = full_name or member.full_name
        if congress.attendees.filter(member=member).exists():
            raise CongressError("Người này đã có trong danh sách.")
    full_name = " ".join(full_name.split())
    if not full_name:
        raise CongressError("Cần họ và tên.")
    if role not in AttendeeRole.values:
        raise CongressError("Vai trò không hợp lệ.")
    attendee = Attendee.objects.create(congress=congress, member=member, full_name=full_name,
                                       sort_key=name_sort_string(full_name), role=role)
    record(acting_user=acting_user, action="congress.attendee_add", obj=attendee,
           changes={"congress": congress.pk, "role": role, "full_name": full_name})
    return attendee


@transaction.atomic
def do_import_delegates(congress: CongressDay, *, acting_user: Any, text: str) -> int:
    """Delegates pasted from the credentials list, one a line; a line starting with ``+`` (or
    ending in "(dự khuyết)") is an alternate. Names already on the roster are skipped."""
    have = set(congress.attendees.values_list("full_name", flat=True))
    rows = []
    for raw in text.splitlines():
        line = " ".join(raw.split())
        alternate = line.startswith("+") or line.lower().endswith("(dự khuyết)")
        name = line.lstrip("+ ").removesuffix("(dự khuyết)").removesuffix("(Dự khuyết)").strip()
        if not name or name in have:
            continue
        have.add(name)
        rows.append(Attendee(congress=congress, full_name=name,
                             sort_key=name_sort_string(name),
                             role=AttendeeRole.ALTERNATE if alternate else AttendeeRole.DELEGATE))
    Attendee.objects.bulk_create(rows)
    record(acting_user=acting_user, action="congress.delegates_import", obj=congress,
           changes={"added": [a.full_name for a in rows]})
    return len(rows)


@transaction.atomic
def do_set_attendance(attendee: Attendee, *, acting_user: Any, status: str,
                      substitute_for: Attendee | None = None) -> Attendee:
    if status not in AttendanceStatus.values:
        raise CongressError("Trạng thái không hợp lệ.")
    old = (attendee.status, attendee.substitute_for_id)
    if substitute_for is not None:
        if attendee.role != AttendeeRole.ALTERNATE or substitute_for.role != AttendeeRole.DELEGATE:
            raise CongressError("Chỉ đại biểu dự khuyết được thay cho đại biểu chính thức.")
        if substitute_for.congress_id != attendee.congress_id:
            raise CongressError("Đại biểu không thuộc đại hội này.")
        if substitute_for.status == AttendanceStatus.PRESENT:
            raise CongressError("Đại biểu chính thức đang có mặt, không cần người thay.")
        Attendee.objects.filter(substitute_for=substitute_for).exclude(pk=attendee.pk).update(
            substitute_for=None)
    attendee.status = status
    attendee.substitute_for = substitute_for
    attendee.save(update_fields=["status", "substitute_for"])
    record(acting_user=acting_user, action="congress.attendance", obj=attendee,
           changes={"status": [old[0], status],
                    "substitute_for": [old[1], attendee.substitute_for_id]})
    return attendee


@transaction.atomic
def do_check_in(congress: CongressDay, *, acting_user: Any, token: str = "",
                attendee: Attendee | None = None) -> Attendee:
    """Mark a person present, found by the card's token (QR scan) or picked by name."""
    if attendee is None:
        token = token.strip()
        attendee = congress.attendees.filter(token=token).first() if token else None
        if attendee is None:
            raise CongressError("Không tìm thấy thẻ đại biểu này trong đại hội.")
    elif attendee.congress_id != congress.pk:
        raise CongressError("Người này không thuộc đại hội.")
    # An exempt member who attends counts in the base (QĐ 190 Điều 30: "nếu đảng viên đó có
    # mặt ở đại hội … thì vẫn tính"); the roster keeps that they are exempt.
    arrived = (AttendanceStatus.EXEMPT_PRESENT
               if attendee.status == AttendanceStatus.EXEMPT_FROM_ACTIVITY
               else AttendanceStatus.PRESENT)
    if attendee.status not in (AttendanceStatus.PRESENT, AttendanceStatus.EXEMPT_PRESENT):
        old = attendee.status
        attendee.status = arrived
        attendee.save(update_fields=["status"])
        record(acting_user=acting_user, action="congress.check_in", obj=attendee,
               changes={"status": [old, arrived]})
    return attendee


# ---------------------------------------------------------------- working bodies and agenda


def _candidate_names(congress: CongressDay) -> set[int]:
    return set(Candidate.objects.filter(election__congress=congress, withdrawn=False,
                                        member__isnull=False).values_list("member_id", flat=True))


@transaction.atomic
def do_set_working_body(congress: CongressDay, *, acting_user: Any, body: str,
                        attendees: Sequence[Attendee]) -> list[WorkingBodySeat]:
    """The members of one working body, approved by show of hands."""
    if body not in WorkingBodyKind.values:
        raise CongressError("Cơ quan giúp việc không hợp lệ.")
    if any(a.congress_id != congress.pk for a in attendees):
        raise CongressError("Người được chọn không thuộc đại hội này.")
    if body == WorkingBodyKind.COUNTING_BOARD:
        sealed = congress.elections.filter(status=ElectionStatus.CERTIFIED).first()
        if sealed is not None:
            raise CongressError(SEALED.format(title=sealed.title))
        on_list = _candidate_names(congress)
        clash = [a.full_name for a in attendees if a.member_id in on_list]
        if clash:
            raise CongressError("Thành viên Ban kiểm phiếu không được là người trong danh sách "
                                "bầu cử: " + ", ".join(clash) + ".")
    old = list(congress.body_seats.filter(body=body).values_list("attendee_id", flat=True))
    congress.body_seats.filter(body=body).delete()
    seats = WorkingBodySeat.objects.bulk_create(
        WorkingBodySeat(congress=congress, body=body, attendee=a, position=i)
        for i, a in enumerate(attendees))
    record(acting_user=acting_user, action="congress.working_body", obj=congress,
           changes={"body": body, "attendees": [old, [a.pk for a in attendees]]})
    return seats


@transaction.atomic
def do_add_agenda_item(congress: CongressDay, *, acting_user: Any, title: str,
                       kind: str = "item") -> AgendaItem:
    position = congress.agenda.count() + 1
    item = AgendaItem.objects.create(congress=congress, title=title.strip(), kind=kind,
                                     position=position)
    record(acting_user=acting_user, action="congress.agenda_add", obj=item,
           changes={"title": item.title, "kind": kind})
    return item


@transaction.atomic
def do_record_show_of_hands(item: AgendaItem, *, acting_user: Any, votes_for: int,
                            votes_against: int, votes_abstain: int) -> AgendaItem:
    if min(votes_for, votes_against, votes_abstain) < 0:
        raise CongressError("Số biểu quyết không được âm.")
    present = counting.figures(item.congress).present
    if votes_for + votes_against + votes_abstain > present:
        raise CongressError(f"Tổng số biểu quyết vượt quá số có mặt ({present}).")
    old = [item.votes_for, item.votes_against, item.votes_abstain]
    item.votes_for, item.votes_against, item.votes_abstain = (
        votes_for, votes_against, votes_abstain)
    item.save(update_fields=["votes_for", "votes_against", "votes_abstain"])
    record(acting_user=acting_user, action="congress.show_of_hands", obj=item,
           changes={"votes": [old, [votes_for, votes_against, votes_abstain]]})
    return item


# ---------------------------------------------------------------- elections and the list


def _preparing(election: Election) -> None:
    ensure_unsealed(election)
    if election.status != ElectionStatus.PREPARING:
        raise CongressError("Danh sách bầu cử đã được chốt, không thể thay đổi.")


def _not_counting_board(election: Election, member: Member | None) -> None:
    if member is not None and WorkingBodySeat.objects.filter(
            congress=election.congress_id, body=WorkingBodyKind.COUNTING_BOARD,
            attendee__member=member).exists():
        raise CongressError(f"{member.full_name} là thành viên Ban kiểm phiếu, không được "
                            "đưa vào danh sách bầu cử.")


def too_many_problems(congress: CongressDay, *, body: str, seats: int, n_names: int) -> list[str]:
    """Why a list of ``n_names`` for ``seats`` seats breaks the surplus rules at once (more
    names than the rulebook allows: only leaving names off or changing the number of seats
    fixes it); [] when it does not. A list still short of names is not refused here: names
    are added to it until the congress approves it."""
    if seats < 1:
        return ["Số lượng cần bầu phải ít nhất là 1."]
    rulebook = rulebook_of(congress)
    if not needs_surplus(body, rulebook) or n_names <= seats:
        return []
    if n_names - seats <= max_surplus(seats, rulebook):
        return []
    return check_surplus(seats, n_names, rulebook)


def seats_that_fit(congress: CongressDay, *, body: str, n_names: int) -> list[int]:
    """The numbers of seats for which a list of ``n_names`` keeps the surplus rules."""
    return [seats for seats in range(1, n_names + 1)
            if not too_many_problems(congress, body=body, seats=seats, n_names=n_names)]


@transaction.atomic
def do_create_election(congress: CongressDay, *, acting_user: Any, title: str, seats: int,
                       body: str = "committee", names: Iterable[str] = (),
                       batch_size: int = 50) -> Election:
    """An election; ``names`` (e.g. from the approved personnel plan) start its list. A list
    that would break the surplus rules from the start is refused before anything is created
    (QĐ 190-QĐ/TW art. 11: the surplus is at most 30% of the number to elect)."""
    names = list(dict.fromkeys(" ".join(n.split()) for n in names if n.strip()))
    problems = too_many_problems(congress, body=body, seats=seats, n_names=len(names))
    if problems:
        raise CongressError(" ".join(problems))
    election = Election.objects.create(congress=congress, title=title, seats=seats, body=body,
                                       batch_size=batch_size)
    roster = {a.full_name: a.member for a in congress.attendees.select_related("member")}
    cands = [Candidate(election=election, full_name=n, member=roster.get(n),
                       source=CandidateSource.PLAN) for n in names]
    for cand in cands:
        _not_counting_board(election, cand.member)
    Candidate.objects.bulk_create(cands)
    record(acting_user=acting_user, action="congress.election_create", obj=election,
           changes={"congress": congress.pk, "body": body, "seats": seats,
                    "candidates": [c.full_name for c in cands]})
    return election


@transaction.atomic
def do_set_seats(election: Election, *, acting_user: Any, seats: int) -> Election:
    """The number to elect, changeable until the congress approves the list."""
    _preparing(election)
    if seats < 1:
        raise CongressError("Số lượng cần bầu phải ít nhất là 1.")
    old = election.seats
    election.seats = seats
    election.save(update_fields=["seats"])
    record(acting_user=acting_user, action="congress.seats", obj=election,
           changes={"seats": [old, seats]})
    return election


@transaction.atomic
def do_add_candidate(election: Election, *, acting_user: Any, full_name: str = "",
                     member: Member | None = None, source: str = CandidateSource.COMMITTEE,
                     supporters: int | None = None) -> Candidate:
    """A name on the list. Floor and self nominees need the support the rulebook asks for
    (QĐ 190-QĐ/TW art. 14: more than 30% of those attending)."""
    _preparing(election)
    full_name = " ".join((full_name or (member.full_name if member else "")).split())
    if not full_name:
        raise CongressError("Cần họ và tên người được giới thiệu.")
    _not_counting_board(election, member)
    if source in (CandidateSource.FLOOR, CandidateSource.SELF):
        attending = counting.figures(election.congress).present
        if supporters is None:
            raise CongressError("Cần ghi số đại biểu tán thành việc đưa vào danh sách.")
        rulebook = rulebook_of(election.congress)
        try:
            admitted = nominee_admitted(supporters, attending, rulebook)
        except ValueError:
            raise CongressError(f"Số tán thành ({supporters}) vượt quá số có mặt "
                                f"({attending}).") from None
        if not admitted:
            raise CongressError(
                f"{full_name} chỉ được {supporters}/{attending} đại biểu có mặt tán thành, "
                f"chưa quá {rulebook.nominee_support_percent}%: không đưa vào danh sách.")
    if election.candidates.filter(full_name=full_name, withdrawn=False).exists():
        raise CongressError(f"{full_name} đã có trong danh sách.")
    cand = Candidate.objects.create(election=election, full_name=full_name, member=member,
                                    source=source, supporters=supporters)
    record(acting_user=acting_user, action="congress.candidate_add", obj=cand,
           changes={"election": election.pk, "source": source, "supporters": supporters})
    return cand


@transaction.atomic
def do_withdraw_candidate(candidate: Candidate, *, acting_user: Any, decision: str) -> Candidate:
    """Withdrawal: the presidium proposes, the congress decides (its decision is recorded)."""
    _preparing(candidate.election)
    if not decision.strip():
        raise CongressError("Cần ghi quyết định của đại hội về việc rút tên.")
    if candidate.withdrawn:
        raise CongressError(f"{candidate.full_name} đã được rút khỏi danh sách.")
    candidate.withdrawn = True
    candidate.withdrawal_decision = decision.strip()
    candidate.number = None
    candidate.save(update_fields=["withdrawn", "withdrawal_decision", "number"])
    record(acting_user=acting_user, action="congress.candidate_withdraw", obj=candidate,
           changes={"decision": candidate.withdrawal_decision})
    return candidate


def list_problems(election: Election) -> list[str]:
    """What stops this list being put to the vote (Vietnamese); [] when it can."""
    names = counting.listed(election)
    rulebook = rulebook_of(election.congress)
    if len(names) < election.seats:
        return [f"Danh sách có {len(names)} người, ít hơn số lượng cần bầu ({election.seats})."]
    problems: list[str] = []
    if needs_surplus(election.body, rulebook):
        if len(names) == election.seats:
            problems.append("Danh sách bầu cấp ủy phải có số dư (nhiều người hơn số cần bầu).")
        problems.extend(check_surplus(election.seats, len(names), rulebook))
    return problems


@transaction.atomic
def do_approve_list(election: Election, *, acting_user: Any) -> Election:
    """The congress approves the list (show of hands): names numbered in ballot order."""
    _preparing(election)
    problems = list_problems(election)
    if problems:
        raise CongressError(" ".join(problems))
    cands = counting.listed(election)
    ordered = ballot_order([EngineCandidate(str(c.pk), c.full_name) for c in cands])
    for i, cand in enumerate(ordered, 1):
        Candidate.objects.filter(pk=int(cand.id)).update(number=i)
    election.status = ElectionStatus.COUNTING
    election.counting_started_at = timezone.now()
    election.save(update_fields=["status", "counting_started_at"])
    record(acting_user=acting_user, action="congress.list_approve", obj=election,
           changes={"list": [c.name for c in ordered], "form": counting.form_of(election)})
    return election


@transaction.atomic
def do_assign_counters(election: Election, *, acting_user: Any, users: Sequence[User],
                       head: User | None = None) -> None:
    """The counting board users of an election and their head (one of them), who alone may
    reopen a certified result."""
    ensure_unsealed(election)
    if head is not None and head not in users:
        raise CongressError("Trưởng Ban kiểm phiếu phải là một trong những người được phân công.")
    for user in users:
        if user.role != Role.COUNTING_BOARD:
            raise CongressError(f"{user} không phải thành viên Ban kiểm phiếu.")
        home = user.organization
        if home is None or not election.congress.organization.path.startswith(home.path):
            raise CongressError(f"{user} không thuộc tổ chức đảng của đại hội.")
    old = sorted(election.counters.values_list("pk", flat=True))
    old_head = election.board_head_id
    election.counters.set(users)
    election.board_head = head
    election.save(update_fields=["board_head"])
    record(acting_user=acting_user, action="congress.counters", obj=election,
           changes={"counters": [old, sorted(u.pk for u in users)],
                    "board_head": [old_head, head.pk if head else None]})


@transaction.atomic
def do_set_ballot_totals(election: Election, *, acting_user: Any, issued: int,
                         note: str = "") -> Election:
    ensure_unsealed(election)
    if issued < 0:
        raise CongressError("Số phiếu phát ra không được âm.")
    old = [election.ballots_issued, election.discrepancy_note]
    election.ballots_issued = issued
    election.discrepancy_note = note.strip()
    election.save(update_fields=["ballots_issued", "discrepancy_note"])
    record(acting_user=acting_user, action="congress.ballot_totals", obj=election,
           changes={"totals": [old, [issued, election.discrepancy_note]]})
    return election


# ---------------------------------------------------------------- double keyed entry


def _counting(election: Election) -> None:
    ensure_unsealed(election)
    if election.status != ElectionStatus.COUNTING:
        raise CongressError("Cuộc bầu cử không ở giai đoạn kiểm phiếu.")


@transaction.atomic
def do_open_entry(election: Election, *, acting_user: User,
                  batch: Batch | None = None) -> Entry:
    """Start keying: a new batch, or the second entry of an open batch keyed by another clerk.
    A clerk already keying the batch gets their own entry back."""
    # Lock the election: two clerks starting batches at once get consecutive numbers.
    election = Election.objects.select_for_update().get(pk=election.pk)
    _counting(election)
    if not election.counters.filter(pk=acting_user.pk).exists():
        raise CongressError("Bạn không được phân công kiểm phiếu cuộc bầu cử này.")
    if batch is None:
        waiting = election.batches.filter(status=BatchStatus.MISMATCH).first()
        if waiting is not None:
            raise CongressError(
                f"Hai lần nhập lô {waiting.number} khác nhau: Ban kiểm phiếu phải xem phiếu giấy "
                "và quyết định trước khi bắt đầu lô mới.")
        last = election.batches.order_by("-number").first()
        batch = Batch.objects.create(election=election, number=(last.number + 1) if last else 1)
        record(acting_user=acting_user, action="congress.batch_open", obj=batch,
               changes={"election": election.pk, "number": batch.number})
    elif batch.election_id != election.pk or batch.status != BatchStatus.OPEN:
        raise CongressError("Lô phiếu này không còn mở để nhập.")
    mine = batch.entries.filter(clerk=acting_user).first()
    if mine is not None:
        return mine
    if batch.entries.count() >= 2:
        raise CongressError("Lô phiếu này đã có đủ hai người nhập.")
    # Entries are independent: who decided pages of another's scans of this batch has seen
    # that entry, and may not make the other one (scan sets: daihoi.scanning).
    if batch.scan_sets.filter(ballots__decided_by=acting_user).exclude(
            scanned_by=acting_user).exists():
        raise CongressError("Bạn đã quyết định trang quét của người khác trong lô phiếu này: "
                            "lần nhập kia phải do người chưa xem lô này làm.")
    return Entry.objects.create(batch=batch, clerk=acting_user)


def _open_entry(entry: Entry) -> None:
    ensure_unsealed(entry.batch.election)
    if entry.submitted_at is not None or entry.batch.status != BatchStatus.OPEN:
        raise CongressError("Phần nhập này đã kết thúc.")


def do_key_ballot(entry: Entry, *, acting_user: User, position: int, text: str,
                  key: str) -> tuple[KeyedBallot, bool]:
    """Save one keyed ballot in its own transaction. Returns (ballot, created).

    The same ``key`` sent twice (a retry) returns the ballot already saved: never counted twice.
    """
    if entry.clerk_id != acting_user.pk:
        raise CongressError("Đây không phải phần nhập của bạn.")
    key = key.strip()[:64]
    if not key:
        raise CongressError("Thiếu mã chống gửi trùng.")
    with transaction.atomic():
        existing = KeyedBallot.objects.filter(entry=entry, idempotency_key=key).first()
        if existing is not None:
            return existing, False
        entry = Entry.objects.select_related("batch__election").get(pk=entry.pk)
        _open_entry(entry)
        election = entry.batch.election
        n = election.candidates.filter(withdrawn=False).count()
        form = counting.form_of(election, n)
        if form is None:
            raise CongressError("Danh sách bầu cử chưa hợp lệ.")
        try:
            content = canonical(text, form, n)
        except KeyingError as exc:
            raise CongressError(str(exc)) from None
        expected = entry.ballots.count() + 1
        if position != expected:
            raise CongressError(f"Phiếu số {position} không khớp: đang chờ phiếu số {expected}. "
                                "Tải lại trang để tiếp tục.")
        try:
            with transaction.atomic():
                ballot = KeyedBallot.objects.create(entry=entry, position=position,
                                                    content=content, idempotency_key=key)
        except IntegrityError:
            # A simultaneous POST (PostgreSQL runs them side by side; SQLite one after the
            # other): the same key is that ballot; another key took the position first.
            same = KeyedBallot.objects.filter(entry=entry, idempotency_key=key).first()
            if same is not None:
                return same, False
            raise CongressError(f"Phiếu số {position} không khớp: phiếu số {position} vừa được "
                                "lưu từ một lần gửi khác. Tải lại trang để tiếp tục.") from None
    return ballot, True


def do_undo_ballot(entry: Entry, *, acting_user: User) -> int | None:
    """Remove the clerk's last keyed ballot; returns its position (None if there was none)."""
    if entry.clerk_id != acting_user.pk:
        raise CongressError("Đây không phải phần nhập của bạn.")
    with transaction.atomic():
        _open_entry(entry)
        last = entry.ballots.order_by("-position").first()
        if last is None:
            return None
        last.delete()
        return last.position


def differences(batch: Batch) -> list[tuple[int, str | None, str | None]]:
    """Positions where the two submitted entries differ: (position, first, second)."""
    entries = list(batch.entries.order_by("id"))
    if len(entries) != 2:
        return []
    a, b = ({k.position: k.content for k in e.ballots.all()} for e in entries)
    return [(p, a.get(p), b.get(p)) for p in sorted(set(a) | set(b)) if a.get(p) != b.get(p)]


def _finalise(batch: Batch, contents: list[str], *, decided: set[int] | None = None) -> None:
    decided = decided or set()
    FinalBallot.objects.filter(batch=batch).delete()
    FinalBallot.objects.bulk_create(
        FinalBallot(batch=batch, position=i, content=c, decided=i in decided)
        for i, c in enumerate(contents, 1))
    batch.status = BatchStatus.FINAL
    batch.final_at = timezone.now()


@transaction.atomic
def do_submit_entry(entry: Entry, *, acting_user: User) -> Batch:
    """The clerk has keyed the whole batch. With both entries in: a match makes the batch
    final; a mismatch holds it for the board's decision."""
    if entry.clerk_id != acting_user.pk:
        raise CongressError("Đây không phải phần nhập của bạn.")
    entry = Entry.objects.select_for_update().get(pk=entry.pk)
    _open_entry(entry)
    if not entry.ballots.exists():
        raise CongressError("Chưa nhập phiếu nào.")
    entry.submitted_at = timezone.now()
    entry.save(update_fields=["submitted_at"])
    batch = Batch.objects.select_for_update().get(pk=entry.batch_id)
    record(acting_user=acting_user, action="congress.entry_submit", obj=entry,
           changes={"batch": batch.pk, "ballots": list(
               entry.ballots.order_by("position").values_list("content", flat=True))})
    entries = list(batch.entries.order_by("id"))
    if len(entries) == 2 and all(e.submitted_at for e in entries):
        if differences(batch):
            batch.status = BatchStatus.MISMATCH
            batch.save(update_fields=["status"])
        else:
            _finalise(batch, list(entries[0].ballots.order_by("position")
                                  .values_list("content", flat=True)))
            batch.save(update_fields=["status", "final_at"])
        record(acting_user=acting_user, action="congress.batch_compare", obj=batch,
               changes={"status": batch.status})
    return batch


def _board_member(election: Election, user: User) -> None:
    if not election.counters.filter(pk=user.pk).exists():
        raise CongressError("Chỉ thành viên Ban kiểm phiếu của cuộc bầu cử này được quyết định.")


def _mismatched(batch: Batch) -> Batch:
    batch = Batch.objects.select_for_update().select_related("election").get(pk=batch.pk)
    ensure_unsealed(batch.election)
    if batch.status != BatchStatus.MISMATCH:
        raise CongressError("Lô phiếu này không có chênh lệch cần quyết định.")
    return batch


@transaction.atomic
def do_propose_decision(batch: Batch, *, acting_user: User, decisions: dict[int, str],
                        note: str) -> Batch:
    """One board member's reading of the differing ballots after looking at the paper: for
    each differing position, what the ballot says (typed like an entry; ``-`` when there is no
    such ballot). It takes effect only when a second board member confirms it
    (``do_confirm_decision``)."""
    batch = _mismatched(batch)
    election = batch.election
    _board_member(election, acting_user)
    if batch.proposal is not None:
        raise CongressError("Đã có một đề xuất quyết định chờ xác nhận cho lô này: xác nhận "
                            "hoặc bỏ đề xuất đó trước.")
    if not note.strip():
        raise CongressError("Cần ghi lý do quyết định của Ban kiểm phiếu.")
    diffs = differences(batch)
    missing = [p for p, _, _ in diffs if p not in decisions]
    if missing:
        raise CongressError("Chưa quyết định phiếu số " + ", ".join(map(str, missing)) + ".")
    n = election.candidates.filter(withdrawn=False).count()
    form = counting.form_of(election, n)
    if form is None:
        raise CongressError("Danh sách bầu cử chưa hợp lệ.")
    ruled: dict[str, str | None] = {}
    for p, _, _ in diffs:
        text = decisions[p].strip()
        try:
            ruled[str(p)] = None if text == "-" else canonical(text, form, n)
        except KeyingError as exc:
            raise CongressError(f"Phiếu số {p}: {exc}") from None
    batch.proposal = ruled
    batch.proposal_note = note.strip()
    batch.proposed_at = timezone.now()
    batch.decided_by = acting_user
    batch.save(update_fields=["proposal", "proposal_note", "proposed_at", "decided_by"])
    record(acting_user=acting_user, action="congress.batch_propose", obj=batch,
           changes={"decisions": ruled, "note": batch.proposal_note})
    return batch


@transaction.atomic
def do_discard_proposal(batch: Batch, *, acting_user: User) -> Batch:
    """A board member does not agree with the proposed reading: it is dropped, and the board
    looks at the paper again."""
    batch = _mismatched(batch)
    _board_member(batch.election, acting_user)
    if batch.proposal is None:
        raise CongressError("Lô này không có đề xuất quyết định nào.")
    old = [batch.proposal, batch.proposal_note, batch.decided_by_id]
    batch.proposal, batch.proposal_note, batch.proposed_at, batch.decided_by = None, "", None, None
    batch.save(update_fields=["proposal", "proposal_note", "proposed_at", "decided_by"])
    record(acting_user=acting_user, action="congress.batch_discard", obj=batch,
           changes={"proposal": [old, None]})
    return batch


@transaction.atomic
def do_confirm_decision(batch: Batch, *, acting_user: User) -> Batch:
    """A second board member, not the one who proposed it, confirms the proposed reading:
    the batch becomes final with the decided ballots marked as such."""
    batch = _mismatched(batch)
    _board_member(batch.election, acting_user)
    if batch.proposal is None:
        raise CongressError("Chưa có đề xuất quyết định nào để xác nhận.")
    if batch.decided_by_id == acting_user.pk:
        raise CongressError("Quyết định cần một thành viên Ban kiểm phiếu thứ hai xác nhận: "
                            "người đề xuất không tự xác nhận được.")
    ruled = {int(k): v for k, v in batch.proposal.items()}
    if sorted(ruled) != [p for p, _, _ in differences(batch)]:
        raise CongressError("Đề xuất không còn khớp với các phiếu chênh lệch: bỏ đề xuất và "
                            "quyết định lại.")
    first = {k.position: k.content for k in batch.entries.order_by("id")[0].ballots.all()}
    last = max([*first, *ruled], default=0)
    contents: list[str] = []
    decided: set[int] = set()
    for p in range(1, last + 1):
        value = ruled[p] if p in ruled else first.get(p)
        if value is None:
            continue
        contents.append(value)
        if p in ruled:
            decided.add(len(contents))
    _finalise(batch, contents, decided=decided)
    batch.decision_note = batch.proposal_note
    batch.confirmed_by = acting_user
    batch.save(update_fields=["status", "final_at", "decision_note", "confirmed_by"])
    record(acting_user=acting_user, action="congress.batch_resolve", obj=batch,
           changes={"decisions": batch.proposal, "note": batch.decision_note,
                    "proposed_by": str(batch.decided_by), "confirmed_by": str(acting_user)})
    return batch


@transaction.atomic
def do_rekey_batch(batch: Batch, *, acting_user: User, reason: str) -> Batch:
    """The other way out of a mismatch: both entries are set aside and the batch is keyed again
    from the paper by two clerks. After a certified result was reopened, a final batch may be
    keyed again the same way. The set-aside entries stay in the audit log (their submission
    recorded every ballot)."""
    batch = Batch.objects.select_for_update().select_related("election").get(pk=batch.pk)
    election = batch.election
    ensure_unsealed(election)
    _board_member(election, acting_user)
    reopened = election.certifications.exists()
    if batch.imported:
        raise CongressError("Lô phiếu nhập từ tệp không nhập lại được.")
    if not (batch.status == BatchStatus.MISMATCH
            or (batch.status == BatchStatus.FINAL and reopened)):
        raise CongressError("Chỉ nhập lại lô có chênh lệch giữa hai lần nhập "
                            "(hoặc lô của kết quả đã được mở lại).")
    if not reason.strip():
        raise CongressError("Cần ghi lý do nhập lại lô phiếu.")
    old = [[e.clerk_id, list(e.ballots.order_by("position").values_list("content", flat=True))]
           for e in batch.entries.order_by("id")]
    batch.entries.all().delete()
    FinalBallot.objects.filter(batch=batch).delete()
    batch.status = BatchStatus.OPEN
    batch.final_at = None
    batch.proposal, batch.proposal_note, batch.proposed_at = None, "", None
    batch.decided_by = batch.confirmed_by = None
    batch.decision_note = ""
    batch.save()
    record(acting_user=acting_user, action="congress.batch_rekey", obj=batch,
           changes={"entries": old, "reason": reason.strip()})
    return batch


# ---------------------------------------------------------------- result, rounds, import


@transaction.atomic
def do_certify_election(election: Election, *, acting_user: Any) -> Election:
    """Certify the engine's count of the final batches; refused while totals do not reconcile.
    Each certification is numbered; one after a reopening records the one it replaces."""
    _lock(election)
    _counting(election)
    result = counting.result_of(election)
    problems = counting.certification_problems(election, result)
    if problems:
        raise CongressError(" ".join(problems))
    if result is None:
        raise CongressError("Danh sách bầu cử chưa hợp lệ.")
    document = result_document(result)
    previous = election.last_certification()
    now = timezone.now()
    cert = Certification.objects.create(
        election=election, number=previous.number + 1 if previous else 1, certified_at=now,
        certified_by=acting_user, digest=result_digest(document), result=document,
        replaces=previous)
    if election.roster_convened is None:
        # The base of this certified result stays as counted, whatever attendance does next.
        election.roster_convened, election.roster_excluded = counting.roster_of(election)
    election.status = ElectionStatus.CERTIFIED
    election.certified_at = now
    election.result = document
    election.save(update_fields=["status", "certified_at", "result", "roster_convened",
                                 "roster_excluded"])
    record(acting_user=acting_user, action="congress.certify", obj=election,
           changes={"elected": list(result.elected), "status": result.status,
                    "collected": result.collected, "valid": result.valid,
                    "certification": cert.number, "digest": cert.digest,
                    "replaces": previous.number if previous else None})
    return election


def _lock(election: Election) -> None:
    """Lock the election's row for this transaction and read it afresh (the caller's object
    is updated, so it sees what the action did)."""
    list(Election.objects.select_for_update().filter(pk=election.pk).values_list("pk"))
    election.refresh_from_db()


def result_digest(document: dict[str, Any]) -> str:
    """SHA-256 of a result document in canonical JSON (sorted keys, no spaces)."""
    text = json.dumps(document, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def may_reopen(election: Election, user: User) -> bool:
    """The head of the counting board reopens a certified result; an election with no head
    designated (certified before heads were recorded, or imported) is reopened by a user who
    manages it."""
    if election.board_head_id is not None:
        return election.board_head_id == user.pk
    from daihoi.congress.access import can_manage_election

    return can_manage_election(user, election)


@transaction.atomic
def do_reopen_election(election: Election, *, acting_user: User, reason: str) -> Election:
    """Reopen a certified result to correct it: only the head of the counting board, only with
    a written reason. The result goes back to uncertified (counting); the last certified result
    stays stored for the superior and the reports until the next certification, which
    replaces this one."""
    _lock(election)
    if election.status != ElectionStatus.CERTIFIED:
        raise CongressError("Kết quả cuộc bầu cử này chưa được xác nhận: không có gì để mở lại.")
    if not may_reopen(election, acting_user):
        raise CongressError("Chỉ Trưởng Ban kiểm phiếu của cuộc bầu cử này được mở lại kết quả "
                            "đã xác nhận.")
    if not reason.strip():
        raise CongressError("Cần ghi rõ lý do mở lại kết quả đã xác nhận.")
    later = election.next_rounds.first()
    if later is not None:
        raise CongressError(f"Đã mở vòng bầu sau (“{later.title}”) từ kết quả này, nên không "
                            "mở lại được.")
    cert = election.last_certification()
    now = timezone.now()
    if cert is not None:
        cert.reopened_at, cert.reopened_by, cert.reopen_reason = now, acting_user, reason.strip()
        cert.save(update_fields=["reopened_at", "reopened_by", "reopen_reason"])
    election.status = ElectionStatus.COUNTING
    election.certified_at = None
    if not election.batches.filter(imported=True).exists():
        # The roster figures were frozen by the certification: the live roster applies again
        # (an imported election keeps those of its file).
        election.roster_convened = election.roster_excluded = None
    election.save(update_fields=["status", "certified_at", "roster_convened",
                                 "roster_excluded"])
    record(acting_user=acting_user, action="congress.reopen", obj=election,
           changes={"status": [ElectionStatus.CERTIFIED, ElectionStatus.COUNTING],
                    "certification": cert.number if cert else None,
                    "reason": reason.strip()})
    return election


@transaction.atomic
def do_open_round(election: Election, *, acting_user: Any, kind: str,
                  numbers: Sequence[int] | None = None, decision: str = "") -> Election:
    """A new round after a certified one: ``tie_revote`` among the tied at the last seat, or
    ``further`` for unfilled seats (from the names the congress chooses, default all not
    elected). The rulebook says whether the round follows by itself (delegates' second round,
    QĐ 244 Điều 20 khoản 2), needs the congress's decision (recorded as ``decision``), or may
    not be held (youth union: no third round)."""
    if election.status != ElectionStatus.CERTIFIED:
        raise CongressError("Chỉ mở vòng mới sau khi kết quả vòng trước đã được xác nhận.")
    result = counting.result_of(election)
    if result is None:
        raise CongressError("Danh sách bầu cử chưa hợp lệ.")
    elected = set(result.elected)
    if kind == "tie_revote":
        if result.tied is None:
            raise CongressError("Không có trường hợp bằng phiếu cần bầu lại.")
        ids, seats = set(result.tied.ids), result.tied.seats
    elif kind == "further":
        if result.unfilled < 1:
            raise CongressError("Không còn chỗ trống để bầu tiếp.")
        pool = {c.id for c in result.candidates if c.id not in elected
                and (result.tied is None or c.id not in result.tied.ids)}
        ids = {str(n) for n in numbers} & pool if numbers else pool
        seats = result.unfilled
    else:
        raise CongressError("Loại vòng bầu không hợp lệ.")
    step = counting.step_for(election, result, kind)
    if step == "no_further_round":
        raise CongressError(result.next_step_text or "Theo bộ quy tắc, không bầu tiếp nữa.")
    decision = " ".join(decision.split())
    if step in ("congress_decides_tie", "congress_decides_further_round") and not decision:
        raise CongressError("Theo quy tắc, đại hội quyết định có bầu tiếp hay không: cần ghi "
                            "quyết định của đại hội (đoàn chủ tịch xin ý kiến, đại hội biểu "
                            "quyết) trước khi mở vòng bầu.")
    if len(ids) < seats:
        raise CongressError("Không đủ người cho số chỗ cần bầu.")
    new = Election.objects.create(
        congress=election.congress, body=election.body, seats=seats, round=kind,
        previous=election,
        title=f"{election.title} ({'bầu lại' if kind == 'tie_revote' else 'bầu tiếp'})",
        batch_size=election.batch_size, roster_convened=election.roster_convened,
        roster_excluded=election.roster_excluded, opening_decision=decision)
    new.counters.set(election.counters.all())
    Candidate.objects.bulk_create(
        Candidate(election=new, full_name=c.full_name, member=c.member,
                  source=CandidateSource.ROUND)
        for c in counting.listed(election) if str(c.number) in ids)
    record(acting_user=acting_user, action="congress.round_open", obj=new,
           changes={"previous": election.pk, "round": kind, "seats": seats,
                    "candidates": sorted(ids), "decision": decision})
    return new


@transaction.atomic
def do_import_election(congress: CongressDay, *, acting_user: Any, data: object,
                       title: str = "") -> Election:
    """An election from an interchange document (validated by the engine's parser): its list
    as is, its ballots as final imported batches."""
    parsed = parse_election(data, rulebook_of(congress))  # raises FormatError
    election = Election.objects.create(
        congress=congress, body=parsed.body, round=parsed.round, seats=parsed.seats,
        title=title or f"Bầu cử nhập từ tệp ({parsed.body})",
        status=ElectionStatus.COUNTING, ballots_issued=parsed.ballots_issued,
        roster_convened=parsed.roster.convened, roster_excluded=parsed.roster.excluded,
        counting_started_at=timezone.now())
    Candidate.objects.bulk_create(
        Candidate(election=election, full_name=c.name, number=i, source=CandidateSource.COMMITTEE)
        for i, c in enumerate(parsed.candidates, 1))
    ids = [c.id for c in parsed.candidates]
    form = parsed.form
    raw = data["ballots"] if isinstance(data, dict) else []
    contents = [content_of(b, form, ids) for b in raw]
    size = election.batch_size
    for i in range(0, max(len(contents), 1), size):
        batch = Batch.objects.create(election=election, number=i // size + 1, imported=True)
        _finalise(batch, contents[i:i + size])
        batch.save(update_fields=["status", "final_at"])
    record(acting_user=acting_user, action="congress.election_import", obj=election,
           changes={"congress": congress.pk, "ballots": len(contents), "seats": parsed.seats},
           also=[election.batches.all()])
    return election


@transaction.atomic
def do_report_to_superior(congress: CongressDay, *, acting_user: Any) -> CongressDay:
    """Send the results up: the campaigns app's congress is marked held and its results
    reported, so the superior sees the elected, the figures and the minutes. Only the
    organisation's office sends it (``access.can_report``)."""
    from daihoi.congress.access import can_report

    if not can_report(acting_user, congress):
        raise CongressError("Chỉ văn phòng của tổ chức đảng tổ chức đại hội được báo cáo kết quả "
                            "lên cấp trên.")
    pending = congress.elections.exclude(status=ElectionStatus.CERTIFIED).count()
    if pending or not congress.elections.exists():
        raise CongressError("Mọi cuộc bầu cử phải được xác nhận kết quả trước khi báo cáo.")
    from daihoi.congress import superior

    superior.report(congress, acting_user=acting_user)
    congress.reported_at = timezone.now()
    congress.save(update_fields=["reported_at"])
    record(acting_user=acting_user, action="congress.report", obj=congress, changes={})
    return congress


# ---------------------------------------------------------------- rulebooks


@transaction.atomic
def do_upload_rulebook(organization: Organization, *, acting_user: Any,
                       content: bytes) -> StoredRulebook:
    """A congress's own copy of a rulebook, stored as validated content (never read from a
    path): usable by the congresses of ``organization``'s subtree. Its id must be new."""
    try:
        rulebook = check_uploaded(content)
    except RulebookChoiceError as exc:
        raise CongressError(str(exc)) from None
    if StoredRulebook.objects.filter(rulebook_id=rulebook.id).exists():
        raise CongressError(f"Đã có bộ quy tắc mã “{rulebook.id}”: đặt cho bản mới một mã khác.")
    row = StoredRulebook.objects.create(
        rulebook_id=rulebook.id, name=rulebook.name, organization=organization,
        content=content.decode("utf-8-sig"), uploaded_by=acting_user)
    record(acting_user=acting_user, action="congress.rulebook_upload", obj=row,
           changes={"organization": organization.pk, "rulebook": rulebook.id,
                    "name": rulebook.name})
    return row
