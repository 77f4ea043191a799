"""Benchmark of the campaign report read from PostgreSQL: the synthetic province of
bench_dashboard.py (2,000 subordinate organisations, 10 members each), every congress with an
approved personnel plan of 7 and a certified committee election electing them, then the whole
report (database reads + roll-up + DOCX, PDF, XLSX, JSON) timed, with its query count.

    .venv/bin/python bench/bench_report_db.py [--orgs 2000] [--runs 3]

Uses DATABASE_URL (default postgres://postgres@127.0.0.1:5432/daihoi_bench). Figures go in
bench/RESULTS.md under "Campaign report (bench_report.py)".
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

# A sibling script, found through the path set above (mypy checks it as its own file).
from bench_dashboard import (  # type: ignore[import-not-found]
    DEFAULT_URL,
    _build,
    _ensure_database,
    _setup,
)

SEATS = 7


def _elect_everyone(campaign_pk: int) -> None:
    """Approved plans of 7, and certified committee elections that elect the plan."""
    from django.utils import timezone

    from daihoi.campaigns.models import Congress, PersonnelPlan, PlanEntry
    from daihoi.congress.models import Candidate, CongressDay, Election, ElectionStatus
    from daihoi.orgs.models import Member

    congresses = list(Congress.objects.filter(campaign_id=campaign_pk)
                      .select_related("organization"))
    if CongressDay.objects.filter(campaign_congress_id=congresses[0].pk).exists():
        return
    now = timezone.now()
    members: dict[int, list[Member]] = {}
    for m in Member.objects.filter(organization_id__in=[c.organization_id for c in congresses]):
        members.setdefault(m.organization_id, []).append(m)
    plans = PersonnelPlan.objects.bulk_create(
        [PersonnelPlan(congress=c, committee_size=SEATS, updated_at=now, approved_at=now)
         for c in congresses], batch_size=1000)
    PlanEntry.objects.bulk_create(
        [PlanEntry(plan=p, member=m, position="committee", new_to_committee=i < 2)
         for p, c in zip(plans, congresses, strict=True)
         for i, m in enumerate(members[c.organization_id][:SEATS])], batch_size=5000)
    days = CongressDay.objects.bulk_create(
        [CongressDay(organization=c.organization, title=f"Đại hội {c.organization.name}",
                     held_on=c.held_on or dt.date(2010, 5, 1), campaign_congress_id=c.pk)
         for c in congresses], batch_size=1000)
    elections = Election.objects.bulk_create(
        [Election(congress=d, body="committee", title="Bầu Ban Chấp hành", seats=SEATS,
                  status=ElectionStatus.CERTIFIED, certified_at=now,
                  result={"format": "daihoi-result/1",
                          "elected": [str(n) for n in range(1, SEATS + 1)],
                          "status": "complete"})
         for d in days], batch_size=1000)
    Candidate.objects.bulk_create(
        [Candidate(election=e, full_name=m.full_name, member=m, number=i)
         for e, c in zip(elections, congresses, strict=True)
         for i, m in enumerate(members[c.organization_id][:SEATS + 1], start=1)],
        batch_size=5000)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--orgs", type=int, default=2000)
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    url = os.environ.get("DATABASE_URL", DEFAULT_URL)
    _ensure_database(url)
    _setup(url)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from daihoi.campaigns.models import Campaign
    from daihoi.reports import documents
    from daihoi.reports.gather import rollup_for

    pk, _ = _build(args.orgs)
    _elect_everyone(pk)
    campaign = Campaign.objects.select_related("superior", "superior__parent").get(pk=pk)
    today = dt.date(2010, 7, 1)
    print(f"machine: {platform.machine()} {os.cpu_count()} cores, Python "
          f"{platform.python_version()}, {dt.datetime.now(dt.UTC):%Y-%m-%d %H:%M} UTC, "
          f"{connection.vendor}")
    with CaptureQueriesContext(connection) as ctx:
        rollup = rollup_for(campaign, today)
    print(f"{args.orgs} organisations: {len(ctx)} queries for the roll-up")
    timings: dict[str, list[float]] = {k: [] for k in ("read + roll-up", "docx", "pdf",
                                                       "xlsx", "json")}
    for _ in range(args.runs):
        started = time.perf_counter()
        rollup = rollup_for(campaign, today)
        timings["read + roll-up"].append(time.perf_counter() - started)
        for fmt in ("docx", "pdf", "xlsx", "json"):
            started = time.perf_counter()
            documents.render(rollup, fmt)
            timings[fmt].append(time.perf_counter() - started)
    print("| step | median ms | min | max |")
    for step, values in timings.items():
        print(f"| {step} | {statistics.median(values) * 1000:.0f} | "
              f"{min(values) * 1000:.0f} | {max(values) * 1000:.0f} |")
    total = sum(statistics.median(v) for v in timings.values())
    print(f"| total | {total * 1000:.0f} | | |")


if __name__ == "__main__":
    main()
