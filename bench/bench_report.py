"""Benchmark of the campaign report for a synthetic province of 2,000 organisations: the
roll-up (pure core, from plain facts) and the DOCX, PDF and XLSX. The database reads
(``gather``) are not included here; their query count is pinned in tests/reports.

    .venv/bin/python bench/bench_report.py
"""

from __future__ import annotations

import datetime as dt
import platform
import time
from decimal import Decimal

from daihoi.reports import documents
from daihoi.reports.rollup import CampaignFacts, CongressFacts, PersonFacts, build

N = 2000


def facts() -> tuple[CampaignFacts, list[CongressFacts]]:
    campaign = CampaignFacts(
        "Đợt thử", "Đảng bộ tỉnh Thử", "", "province", 2010, 2015, "1-KH/TU",
        dt.date(2009, 10, 30), ("Chỉ thị 37-CT/TW",), dt.date(2010, 6, 30), dt.date(2010, 8, 10),
        {"women": Decimal(15), "under35": Decimal(10), "minorities": Decimal(0),
         "new_members": Decimal(20)})
    out = []
    pid = 0
    for i in range(N):
        people = []
        for j in range(7):
            pid += 1
            people.append(PersonFacts(f"Người {i} {j}", pid, j % 3 == 0,
                                      dt.date(1960 + j * 4, 1, 1), "Tày" if j % 2 else "Kinh",
                                      "Đại học", "Trung cấp"))
        held = dt.date(2010, 4, 1) + dt.timedelta(days=i % 95)
        out.append(CongressFacts(
            code=f"X{i}", name=f"Chi bộ {i}", org_kind="grassroots_branch",
            congress_kind="members", state="results_approved", held_on=held, documents=2,
            comments=1, plan_approved=True, plan_committee=tuple(people),
            plan_new=tuple(people[:2]), elected_committee=tuple(people)))
    return campaign, out


def main() -> None:
    campaign, congresses = facts()
    times = {}
    start = time.perf_counter()
    r = build(campaign, congresses, dt.date(2010, 7, 1))
    times["rollup"] = time.perf_counter() - start
    for fmt in ("docx", "pdf", "xlsx", "json"):
        start = time.perf_counter()
        documents.render(r, fmt)
        times[fmt] = time.perf_counter() - start
    print(f"{N} organisations on {platform.machine()} {platform.python_version()}, "
          f"{dt.date.today()}")  # noqa: DTZ011 - a label only
    for key, value in times.items():
        print(f"  {key:7} {value * 1000:8.0f} ms")
    print(f"  total   {sum(times.values()) * 1000:8.0f} ms")


if __name__ == "__main__":
    main()
