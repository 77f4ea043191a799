"""Benchmark of the election engine.

1. A national-congress-size election (1,600 ballots, 200 candidates, 180 seats) through the
   real ``daihoi tally`` command, as a subprocess, timed.
2. A re-count of a whole country's grassroots round in one process: 52,000 generated election
   documents of 50-400 ballots each, each parsed from JSON text, validated, counted and dumped.
   Generation is not timed; peak memory is the process's maximum resident set size.

Run: ``.venv/bin/python bench/bench_tally.py [--elections N]``. Figures go in bench/RESULTS.md.
"""

from __future__ import annotations

import argparse
import json
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from daihoi.election import dump_result, parse_election, tally
from daihoi.election.schema import schema_problems

ROOT = Path(__file__).resolve().parent.parent
DAIHOI = ROOT / ".venv" / "bin" / "daihoi"
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Đỗ", "Hồ", "Ngô", "Lý"]
MIDDLE = ["Văn", "Thị", "Đức", "Minh", "Thu", "Quang", "Ngọc", "Hữu", "Thanh", "Xuân"]
GIVEN = [
    "An",
    "Bình",
    "Châu",
    "Dũng",
    "Giang",
    "Hà",
    "Khánh",
    "Lan",
    "Mai",
    "Nam",
    "Phúc",
    "Quyên",
    "Sơn",
    "Tâm",
    "Uyên",
    "Vinh",
    "Xuyến",
    "Yến",
    "Ánh",
    "Đạt",
]


def _names(rng: random.Random, n: int) -> list[dict[str, str]]:
    return [
        {"id": str(i + 1), "name": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"}
        for i in range(n)
    ]


def strike_out_election(
    rng: random.Random, seats: int, n_candidates: int, n_ballots: int, body: str
) -> dict[str, Any]:
    """A strike-out election where popularity varies, with a few invalid ballots."""
    candidates = _names(rng, n_candidates)
    ids = [c["id"] for c in candidates]
    weights = [rng.uniform(0.5, 1.0) for _ in ids]
    ballots: list[dict[str, Any]] = []
    for _ in range(n_ballots):
        roll = rng.random()
        if roll < 0.01:
            ballots.append({"defect": rng.choice(["not_issued", "other_mark", "write_in"])})
            continue
        if roll < 0.015:
            ballots.append({"kept": []})
            continue
        keep = max(1, seats - rng.randint(0, max(1, seats // 10)))
        kept = [i for i, w in zip(ids, weights, strict=True) if rng.random() < w]
        ballots.append({"kept": kept[:keep]})
    absent = rng.randint(0, max(1, n_ballots // 50))
    return {
        "format": "daihoi-election/1",
        "rules": "party-2024",
        "body": body,
        "round": "first",
        "seats": seats,
        "candidates": candidates,
        "roster": {"convened": n_ballots + absent, "excluded": absent},
        "ballots_issued": n_ballots,
        "ballots": ballots,
    }


def agree_election(rng: random.Random, seats: int, n_ballots: int) -> dict[str, Any]:
    """Delegates elected on an agree/disagree list (as many names as seats)."""
    candidates = _names(rng, seats)
    marks = ["agree"] * 12 + ["disagree", "both", "none"]
    ballots = [
        {"marks": {c["id"]: rng.choice(marks) for c in candidates}} for _ in range(n_ballots)
    ]
    return {
        "format": "daihoi-election/1",
        "rules": "party-2024",
        "body": "delegates",
        "seats": seats,
        "candidates": candidates,
        "roster": {"convened": n_ballots},
        "ballots_issued": n_ballots,
        "ballots": ballots,
    }


def bench_national(runs: int) -> None:
    rng = random.Random(2026)
    doc = strike_out_election(rng, seats=180, n_candidates=200, n_ballots=1600, body="committee")
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "national.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        size_kb = path.stat().st_size / 1024
        times: list[float] = []
        outputs: set[bytes] = set()
        for _ in range(runs):
            start = time.perf_counter()
            done = subprocess.run(
                [str(DAIHOI), "tally", str(path)], capture_output=True, check=True
            )
            times.append(time.perf_counter() - start)
            outputs.add(done.stdout)
        status = json.loads(outputs.pop())["status"] if len(outputs) == 1 else "OUTPUTS DIFFER"
        start = time.perf_counter()
        schema_problems("election", doc)
        schema_only = time.perf_counter() - start
        start = time.perf_counter()
        dump_result(tally(parse_election(json.loads(path.read_text(encoding="utf-8")))))
        in_process = time.perf_counter() - start
    print("## national congress: 1,600 ballots, 200 candidates, 180 seats")
    print(f"document: {size_kb:.0f} KiB; result status: {status}")
    print(
        f"daihoi tally (subprocess, {runs} runs): median {statistics.median(times):.3f} s, "
        f"min {min(times):.3f} s, max {max(times):.3f} s"
    )
    print(f"in process (json.loads + parse + tally + dump): {in_process * 1000:.1f} ms")
    print(f"full jsonschema validation alone, for comparison: {schema_only * 1000:.1f} ms")


def bench_country(n_elections: int) -> None:
    rng = random.Random(52000)
    work = 0.0
    ballots_total = 0
    statuses: dict[str, int] = {}
    for k in range(n_elections):
        n_ballots = rng.randint(50, 400)
        if k % 5 == 4:
            doc = agree_election(rng, seats=rng.randint(2, 8), n_ballots=n_ballots)
        else:
            seats = rng.randint(5, 15)
            extra = max(1, seats * rng.randint(10, 30) // 100)
            doc = strike_out_election(rng, seats, seats + extra, n_ballots, "committee")
        text = json.dumps(doc, ensure_ascii=False)
        ballots_total += n_ballots
        start = time.perf_counter()
        result = tally(parse_election(json.loads(text)))
        dump_result(result)
        work += time.perf_counter() - start
        statuses[result.status] = statuses.get(result.status, 0) + 1
    peak_mib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"## country re-count: {n_elections:,} elections, {ballots_total:,} ballots")
    print(
        f"parse + validate + tally + dump: {work:.1f} s, "
        f"{n_elections / work:,.0f} elections/s, {ballots_total / work:,.0f} ballots/s"
    )
    print(f"statuses: {json.dumps(statuses, sort_keys=True)}")
    print(f"peak memory (max RSS of this process): {peak_mib:.0f} MiB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--elections", type=int, default=52_000)
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    bench_national(args.runs)
    sys.stdout.flush()
    bench_country(args.elections)


if __name__ == "__main__":
    main()
