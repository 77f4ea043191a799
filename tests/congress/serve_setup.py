"""Prepare a database for the kill test and the benchmark: two clerks and an election ready to
be counted. Run as ``python -m tests.congress.serve_setup SEATS CANDIDATES`` with the server's
environment; prints ``election_id``."""

from __future__ import annotations

import datetime as dt
import sys


def main() -> None:
    import django

    django.setup()
    from daihoi.accounts.models import Role, User
    from daihoi.congress import actions
    from daihoi.congress.models import AttendanceStatus, Attendee
    from daihoi.orgs.models import Organization, OrgKind

    seats, n_names, voters = (int(a) for a in sys.argv[1:4])
    org = Organization(code="KT", name="Đảng bộ Kiểm Thử", kind=OrgKind.GRASSROOTS_COMMITTEE)
    org.save()
    clerks = []
    for name in ("kiemphieu_a", "kiemphieu_b", "vanphong"):
        user = User(username=name, role=Role.ORG_OFFICE if name == "vanphong"
                    else Role.COUNTING_BOARD, organization=org, full_name=name)
        user.set_password("mat-khau-kiem-thu-2015")
        user.save()
        clerks.append(user)
    congress = actions.do_create_congress(acting_user=None, organization=org,
                                          title="Đại hội kiểm thử", held_on=dt.date(2015, 10, 1),
                                          kind="delegates")
    Attendee.objects.bulk_create(
        Attendee(congress=congress, full_name=f"Đại biểu Số {i}", role="delegate",
                 status=AttendanceStatus.PRESENT) for i in range(voters))
    given = ["An", "Bình", "Cường", "Dũng", "Giang", "Hà", "Khánh", "Lâm", "Minh", "Nam",
             "Oanh", "Phúc", "Quang", "Sơn", "Thắng", "Uyên", "Vân", "Xuân", "Yến"]
    names = [f"Nguyễn Văn {given[i % len(given)]} {chr(65 + i // len(given))}" for i in
             range(n_names)]
    election = actions.do_create_election(congress, acting_user=None, title="Bầu Ban Chấp hành",
                                          seats=seats, names=names)
    actions.do_approve_list(election, acting_user=None)
    actions.do_assign_counters(election, acting_user=None, users=clerks[:2])
    actions.do_set_ballot_totals(election, acting_user=None, issued=voters)
    print(election.pk)


if __name__ == "__main__":
    main()
