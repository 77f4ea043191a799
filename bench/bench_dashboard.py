"""Benchmark of the campaign dashboard on PostgreSQL: a synthetic province of 2,000
subordinate organisations (10 official members each), one campaign over them with congresses
spread over every state, and the superior's pages timed through Django's test client.

Run (creates the database ``daihoi_bench`` if missing, and its data on the first run):

    .venv/bin/python bench/bench_dashboard.py [--orgs 2000] [--runs 7]

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/daihoi_bench). Figures go in
bench/RESULTS.md under "Campaign dashboard (bench_dashboard.py)".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import statistics
import tempfile
import time
from collections.abc import Callable

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/daihoi_bench"


def _ensure_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    server, name = url.rsplit("/", 1)
    with psycopg.connect(f"{server}/postgres", autocommit=True) as conn:
        found = conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone()
        if found is None:
            conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DAIHOI_DATA_DIR", tempfile.mkdtemp(prefix="dh-bench-"))
    os.environ["DAIHOI_ALLOWED_HOSTS"] = "testserver,localhost"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "daihoi.project.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", interactive=False, verbosity=0)


def _build(n_orgs: int) -> tuple[int, float]:
    """The province, its organisations, members, a staff user and the campaign."""
    from daihoi.accounts.models import Role, User
    from daihoi.campaigns.actions import do_create_campaign
    from daihoi.campaigns.models import Campaign, Congress
    from daihoi.campaigns.workflow import State
    from daihoi.lib.vietnamese import name_sort_string
    from daihoi.orgs.models import Member, MemberStatus, Organization, OrgKind

    plan = f"BENCH-{n_orgs}"
    existing = Campaign.objects.filter(plan_number=plan).first()
    if existing is not None:
        return existing.pk, 0.0
    province = Organization(code=f"BENCH-{n_orgs}", name=f"Tỉnh thử nghiệm {n_orgs}",
                            kind=OrgKind.PROVINCE)
    province.save()
    rng = random.Random(n_orgs)
    orgs = []
    for i in range(n_orgs):
        org = Organization(code=f"BENCH-{n_orgs}-{i:05d}", name=f"Chi bộ thử nghiệm {i:05d}",
                           kind=OrgKind.GRASSROOTS_BRANCH if i % 4 else
                           OrgKind.GRASSROOTS_COMMITTEE, parent=province)
        org.save()  # save() fills the materialised path
        orgs.append(org)
    members = []
    for org in orgs:
        for j in range(10):
            name = f"Nông Văn Thử {j}"
            members.append(Member(full_name=name, sort_key=name_sort_string(name),
                                  gender="male", date_of_birth=dt.date(1970, 1, 1 + j),
                                  ethnicity="Tày", status=MemberStatus.OFFICIAL,
                                  date_joined=dt.date(1995, 1, 1), organization=org))
    Member.objects.bulk_create(members, batch_size=5000)
    user = User(username=f"bench{n_orgs}", role=Role.SUPERIOR_STAFF, organization=province)
    user.set_unusable_password()
    user.save()
    started = time.perf_counter()
    campaign = do_create_campaign(
        acting_user=None, superior=province, name="Đợt đại hội thử nghiệm", term_start=2010,
        term_end=2015, plan_number=plan, plan_date=dt.date(2009, 10, 30),
        subordinate_deadline=dt.date(2010, 6, 30), superior_congress_date=dt.date(2010, 8, 10),
        documents_due=dt.date(2010, 2, 28), comments_due=dt.date(2010, 3, 20),
        personnel_plan_due=dt.date(2010, 3, 31), window_start=dt.date(2010, 4, 1),
        window_end=dt.date(2010, 6, 30), results_due=dt.date(2010, 7, 10))
    create_seconds = time.perf_counter() - started
    states = list(State)
    congresses = list(campaign.congresses.all())
    for c in congresses:
        c.state = rng.choice(states)
        c.planned_date = dt.date(2010, 4, 1) + dt.timedelta(days=rng.randint(0, 88))
        if states.index(State(c.state)) >= states.index(State.HELD):
            c.held_on = c.planned_date
    Congress.objects.bulk_update(congresses, ["state", "planned_date", "held_on"],
                                 batch_size=1000)
    return campaign.pk, create_seconds


def _time(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm up
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append((time.perf_counter() - started) * 1000)
    return out


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    _ensure_database(url)
    _setup(url)
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from daihoi.accounts.models import User

    pk, create_seconds = _build(args.orgs)
    client = Client()
    client.force_login(User.objects.get(username=f"bench{args.orgs}"))
    pages = {
        "dashboard": f"/dot-dai-hoi/{pk}/",
        "congress list (page 1, 100 rows)": f"/dot-dai-hoi/{pk}/dai-hoi/",
        "congress list, filtered by state": f"/dot-dai-hoi/{pk}/dai-hoi/?state=held",
        "calendar (May 2010)": f"/dot-dai-hoi/{pk}/lich/?thang=2010-05",
        "timeline chart (SVG)": f"/dot-dai-hoi/{pk}/bieu-do.svg",
        "XLSX export": f"/dot-dai-hoi/{pk}/xuat.xlsx",
    }
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC")
    if create_seconds:
        print(f"campaign creation ({args.orgs} congresses): {create_seconds * 1000:.0f} ms")
    print("| page | median ms | min | max | queries | size |")
    for label, url_path in pages.items():
        def get(path: str = url_path) -> object:
            response = client.get(path)
            if response.status_code != 200:
                raise SystemExit(f"{path}: HTTP {response.status_code}")
            return response
        times = _time(get, args.runs)
        with CaptureQueriesContext(connection) as ctx:
            response = client.get(url_path)
        size = len(response.content)
        print(f"| {label} | {statistics.median(times):.0f} | {min(times):.0f} | "
              f"{max(times):.0f} | {len(ctx)} | {size / 1024:.0f} KiB |")


if __name__ == "__main__":
    main()
