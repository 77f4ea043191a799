"""Demo step 1: the Lạng Sơn city party committee, its 60 grassroots organisations and
branches, about 4,000 invented members, and one demo account for every role."""

from __future__ import annotations

import datetime as dt
import random
import zlib

from django.db import transaction

from daihoi.accounts.models import Role, User
from daihoi.audit.log import record
from daihoi.demo import DEMO_PASSWORD, Printer, register_step
from daihoi.demo.names import NamePicker
from daihoi.lib.vietnamese import name_sort_string
from daihoi.orgs.models import Member, MemberStatus, Organization, OrgKind, Sector

PROVINCE_CODE = "LS"
CITY_CODE = "LS-TP"
CITY_NAME = "Đảng bộ thành phố Lạng Sơn"

# (code suffix, name, kind, sector, members, branches)
GC, GB = OrgKind.GRASSROOTS_COMMITTEE, OrgKind.GRASSROOTS_BRANCH
GRASSROOTS: list[tuple[str, str, OrgKind, Sector, int, int]] = [
    ("P-CL", "Đảng bộ phường Chi Lăng", GC, Sector.WARD, 450, 12),
    ("P-DK", "Đảng bộ phường Đông Kinh", GC, Sector.WARD, 420, 11),
    ("P-HVT", "Đảng bộ phường Hoàng Văn Thụ", GC, Sector.WARD, 400, 10),
    ("P-TT", "Đảng bộ phường Tam Thanh", GC, Sector.WARD, 350, 9),
    ("P-VT", "Đảng bộ phường Vĩnh Trại", GC, Sector.WARD, 390, 10),
    ("X-HD", "Đảng bộ xã Hoàng Đồng", GC, Sector.COMMUNE, 220, 8),
    ("X-MP", "Đảng bộ xã Mai Pha", GC, Sector.COMMUNE, 200, 7),
    ("X-QL", "Đảng bộ xã Quảng Lạc", GC, Sector.COMMUNE, 175, 6),
    ("QS", "Đảng bộ Quân sự thành phố", GC, Sector.ARMED_FORCES, 140, 4),
    ("CA", "Đảng bộ Công an thành phố", GC, Sector.ARMED_FORCES, 190, 6),
    ("YT", "Đảng bộ Trung tâm Y tế thành phố", GC, Sector.HOSPITAL, 75, 4),
    ("CTMT", "Đảng bộ Công ty Môi trường đô thị", GC, Sector.ENTERPRISE, 60, 3),
    ("VPTU", "Chi bộ Văn phòng Thành ủy", GB, Sector.AGENCY, 28, 0),
    ("VPUB", "Chi bộ Văn phòng HĐND và UBND thành phố", GB, Sector.AGENCY, 32, 0),
    ("BTC", "Chi bộ các ban xây dựng Đảng Thành ủy", GB, Sector.AGENCY, 26, 0),
    ("MTDT", "Chi bộ Mặt trận Tổ quốc và các đoàn thể", GB, Sector.AGENCY, 30, 0),
    ("TCKH", "Chi bộ Phòng Tài chính - Kế hoạch", GB, Sector.AGENCY, 16, 0),
    ("GDDT", "Chi bộ Phòng Giáo dục và Đào tạo", GB, Sector.AGENCY, 18, 0),
    ("TNMT", "Chi bộ Phòng Tài nguyên và Môi trường", GB, Sector.AGENCY, 15, 0),
    ("QLDT", "Chi bộ Phòng Quản lý đô thị", GB, Sector.AGENCY, 17, 0),
    ("LDTB", "Chi bộ Phòng Lao động - Thương binh và Xã hội", GB, Sector.AGENCY, 14, 0),
    ("VHTT", "Chi bộ Phòng Văn hóa và Thông tin", GB, Sector.AGENCY, 13, 0),
    ("TP", "Chi bộ Phòng Tư pháp", GB, Sector.AGENCY, 11, 0),
    ("NV", "Chi bộ Phòng Nội vụ", GB, Sector.AGENCY, 12, 0),
    ("KT", "Chi bộ Phòng Kinh tế", GB, Sector.AGENCY, 14, 0),
    ("TTRA", "Chi bộ Thanh tra thành phố", GB, Sector.AGENCY, 12, 0),
    ("THUE", "Chi bộ Chi cục Thuế thành phố", GB, Sector.AGENCY, 34, 0),
    ("KBNN", "Chi bộ Kho bạc Nhà nước thành phố", GB, Sector.AGENCY, 19, 0),
    ("TAND", "Chi bộ Tòa án nhân dân thành phố", GB, Sector.AGENCY, 21, 0),
    ("VKS", "Chi bộ Viện Kiểm sát nhân dân thành phố", GB, Sector.AGENCY, 18, 0),
    ("THA", "Chi bộ Chi cục Thi hành án dân sự", GB, Sector.AGENCY, 15, 0),
    ("BQLC", "Chi bộ Ban Quản lý các chợ", GB, Sector.AGENCY, 22, 0),
    ("TTVH", "Chi bộ Trung tâm Văn hóa - Thể thao", GB, Sector.AGENCY, 16, 0),
    ("DTT", "Chi bộ Đài Truyền thanh - Truyền hình", GB, Sector.AGENCY, 14, 0),
    ("QLDA", "Chi bộ Ban Quản lý dự án xây dựng", GB, Sector.AGENCY, 17, 0),
    ("HCTD", "Chi bộ Hội Chữ thập đỏ và Hội Người cao tuổi", GB, Sector.AGENCY, 11, 0),
    ("THCS-CL", "Chi bộ Trường THCS Chi Lăng", GB, Sector.SCHOOL, 31, 0),
    ("THCS-DK", "Chi bộ Trường THCS Đông Kinh", GB, Sector.SCHOOL, 29, 0),
    ("THCS-HVT", "Chi bộ Trường THCS Hoàng Văn Thụ", GB, Sector.SCHOOL, 27, 0),
    ("THCS-TT", "Chi bộ Trường THCS Tam Thanh", GB, Sector.SCHOOL, 24, 0),
    ("THCS-VT", "Chi bộ Trường THCS Vĩnh Trại", GB, Sector.SCHOOL, 26, 0),
    ("THCS-HD", "Chi bộ Trường THCS Hoàng Đồng", GB, Sector.SCHOOL, 15, 0),
    ("TH-CL", "Chi bộ Trường Tiểu học Chi Lăng", GB, Sector.SCHOOL, 19, 0),
    ("TH-DK", "Chi bộ Trường Tiểu học Đông Kinh", GB, Sector.SCHOOL, 18, 0),
    ("TH-VT", "Chi bộ Trường Tiểu học Vĩnh Trại", GB, Sector.SCHOOL, 17, 0),
    ("TH-TT", "Chi bộ Trường Tiểu học Tam Thanh", GB, Sector.SCHOOL, 16, 0),
    ("TH-MP", "Chi bộ Trường Tiểu học Mai Pha", GB, Sector.SCHOOL, 12, 0),
    ("MN-HS", "Chi bộ Trường Mầm non Hoa Sen", GB, Sector.SCHOOL, 14, 0),
    ("MN-HP", "Chi bộ Trường Mầm non Hoa Phượng", GB, Sector.SCHOOL, 13, 0),
    ("MN-SM", "Chi bộ Trường Mầm non Sơn Ca", GB, Sector.SCHOOL, 12, 0),
    ("PKDK", "Chi bộ Phòng khám đa khoa khu vực", GB, Sector.HOSPITAL, 18, 0),
    ("DS", "Chi bộ Trung tâm Dân số - Kế hoạch hóa gia đình", GB, Sector.HOSPITAL, 11, 0),
    ("CTCN", "Chi bộ Công ty Cấp nước thành phố", GB, Sector.ENTERPRISE, 26, 0),
    ("CTXD", "Chi bộ Công ty Xây dựng và Giao thông", GB, Sector.ENTERPRISE, 23, 0),
    ("CTDL", "Chi bộ Công ty Du lịch và Thương mại", GB, Sector.ENTERPRISE, 17, 0),
    ("CTCX", "Chi bộ Công ty Công viên cây xanh", GB, Sector.ENTERPRISE, 15, 0),
    ("HTX", "Chi bộ Hợp tác xã Dịch vụ tổng hợp", GB, Sector.ENTERPRISE, 10, 0),
    ("CTVT", "Chi bộ Công ty Vận tải hành khách", GB, Sector.ENTERPRISE, 14, 0),
    ("NHCS", "Chi bộ Phòng giao dịch Ngân hàng Chính sách xã hội", GB, Sector.AGENCY, 12, 0),
    ("BHXH", "Chi bộ Bảo hiểm xã hội thành phố", GB, Sector.AGENCY, 16, 0),
]
if len(GRASSROOTS) != 60:  # the seed story has 60
    raise RuntimeError("the demo needs 60 grassroots organisations")

BRANCH_WORDS = {
    Sector.WARD: "Chi bộ khối",
    Sector.COMMUNE: "Chi bộ thôn",
    Sector.ARMED_FORCES: "Chi bộ đơn vị",
    Sector.HOSPITAL: "Chi bộ khoa",
    Sector.ENTERPRISE: "Chi bộ đội sản xuất",
}
EDUCATION = ["Trung học phổ thông", "Trung cấp", "Cao đẳng", "Đại học", "Đại học", "Đại học",
             "Thạc sĩ"]
THEORY = ["", "Sơ cấp", "Sơ cấp", "Trung cấp", "Trung cấp", "Cao cấp"]

# (user name, full name, role, organisation code)
DEMO_USERS = [
    ("thanhuy", "Lương Thị Hạnh", Role.SUPERIOR_STAFF, CITY_CODE),
    ("theodoi", "Hà Văn Khải", Role.OBSERVER, CITY_CODE),
    ("chilang", "Nông Thị Yến", Role.ORG_OFFICE, f"{CITY_CODE}-P-CL"),
    ("kiemphieu1", "Vi Văn Toàn", Role.COUNTING_BOARD, f"{CITY_CODE}-P-CL"),
    ("kiemphieu2", "Lăng Thị Duyên", Role.COUNTING_BOARD, f"{CITY_CODE}-P-CL"),
    ("thptvt", "Trần Minh Phong", Role.ORG_OFFICE, f"{CITY_CODE}-THCS-VT"),
]


def _rng(code: str) -> random.Random:
    return random.Random(zlib.crc32(code.encode()))  # noqa: S311 - demo data


def _org(code: str, name: str, kind: str, sector: str, parent: Organization | None) -> Organization:
    org = Organization.objects.filter(code=code).first()
    if org is None:
        org = Organization(code=code, name=name, kind=kind, sector=sector, parent=parent)
        org.save()
    return org


def _draws_of_the_old_names(rng: random.Random, female: bool, ethnicity: str) -> None:
    """Take from ``rng`` what the demo's first way of naming took (three picks from lists of
    these lengths), so every other attribute drawn after a name (births, statuses, education)
    and the figures the docs and tests quote from the demo stay as they were."""
    rng.randrange(8 if female else 9)
    rng.randrange(30)
    rng.randrange(14 if ethnicity == "Kinh" else 20)


def _members_for(org: Organization, count: int, rng: random.Random,
                 names: NamePicker) -> list[Member]:
    out = []
    for _ in range(count):
        roll = rng.random()
        ethnicity = (
            "Tày" if roll < 0.45 else "Nùng" if roll < 0.70 else "Kinh" if roll < 0.98 else "Dao"
        )
        female = rng.random() < 0.36
        born = dt.date(rng.randint(1946, 1987), rng.randint(1, 12), rng.randint(1, 28))
        joined_year = min(2009, born.year + rng.randint(20, 40))
        joined = dt.date(joined_year, rng.randint(1, 12), rng.randint(1, 28))
        probationary = joined_year == 2009 and rng.random() < 0.8
        _draws_of_the_old_names(rng, female, ethnicity)
        out.append(Member(
            full_name=names.name(female, ethnicity),
            gender="female" if female else "male",
            date_of_birth=born, ethnicity=ethnicity,
            status=MemberStatus.PROBATIONARY if probationary else MemberStatus.OFFICIAL,
            date_joined=joined, organization=org,
            education=rng.choice(EDUCATION), theory_level=rng.choice(THEORY),
        ))
    return out


@register_step(10, "organisations, members and accounts")
def load(progress: Printer | None) -> list[str]:
    with transaction.atomic():
        province = _org(PROVINCE_CODE, "Đảng bộ tỉnh Lạng Sơn", OrgKind.PROVINCE, Sector.OTHER,
                        None)
        city = _org(CITY_CODE, CITY_NAME, OrgKind.CITY, Sector.OTHER, province)
        created_members = 0
        for suffix, name, kind, sector, n_members, n_branches in GRASSROOTS:
            code = f"{CITY_CODE}-{suffix}"
            org = _org(code, name, kind, sector, city)
            rng = _rng(code)
            units = [org]
            if n_branches:
                word = BRANCH_WORDS.get(Sector(sector), "Chi bộ")
                units = [
                    _org(f"{code}-{i:02d}", f"{word} {i} ({name.split(' ', 2)[-1]})",
                         OrgKind.BRANCH, sector, org)
                    for i in range(1, n_branches + 1)
                ]
            if Member.objects.filter(organization__path__startswith=org.path).exists():
                continue
            batch: list[Member] = []
            names = NamePicker(f"names:{code}")  # one per organisation: given names apart
            for i, unit in enumerate(units):
                share = n_members // len(units) + (1 if i < n_members % len(units) else 0)
                batch.extend(_members_for(unit, share, rng, names))
            for member in batch:  # bulk_create skips save(), which fills the sort key
                member.sort_key = name_sort_string(member.full_name)
            Member.objects.bulk_create(batch, batch_size=1000)
            created_members += len(batch)
        users_created = 0
        for username, full_name, role, code in DEMO_USERS:
            if User.objects.filter(username=username).exists():
                continue
            user = User(username=username, full_name=full_name, role=role,
                        organization=Organization.objects.get(code=code))
            user.set_password(DEMO_PASSWORD)
            user.save()
            users_created += 1
        if created_members or users_created:
            record(acting_user=None, action="demo.load", obj=city,
                   changes={"members_created": created_members, "users_created": users_created},
                   also=[Member.objects.filter(organization__path__startswith=city.path),
                         User.objects.filter(username__in=[u[0] for u in DEMO_USERS])])
    total = Member.objects.filter(organization__path__startswith=city.path).count()
    return [
        f"{CITY_NAME}: 60 tổ chức cơ sở đảng, {total} đảng viên",
        "tài khoản demo: " + ", ".join(f"{u} ({r.label})" for u, _, r, _ in DEMO_USERS),
    ]
