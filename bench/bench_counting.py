"""Congress-day counting benchmark: keyed ballots over real HTTP against ``daihoi serve``.

The Thái Nguyên 2015 case (348 ballots, 55 seats, every batch keyed twice): two simulated
clerks key all seven batches at once, one POST per ballot, as the keying screen does. Reports
the server time per keyed ballot (p50/p95, measured at the client on localhost: request in,
answer out), the total, the keystrokes per ballot, and the engine's count at the end.

    .venv/bin/python bench/bench_counting.py [--ballots 348] [--seats 55] [--names 65]
"""

from __future__ import annotations

import argparse
import os
import random
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from tests.congress.http_clerk import HttpClerk, free_port, start_server  # noqa: E402

VENV_BIN = Path(sys.executable).parent
PASSWORD = "mat-khau-kiem-thu-2015"  # noqa: S105 - throwaway benchmark database


def papers(n: int, seats: int, names: int, rng: random.Random) -> list[str]:
    """Realistic strike-out papers: most voters keep the planned names and strike the
    surplus; a few strike more; about one in a hundred is invalid."""
    out = []
    for _ in range(n):
        if rng.random() < 0.01:
            out.append("!other_mark")
            continue
        struck = set(rng.sample(range(1, names + 1), names - seats))
        if rng.random() < 0.2:
            struck |= set(rng.sample(range(1, names + 1), rng.randint(1, 4)))
        out.append(" ".join(str(x) for x in sorted(struck)))
    return out


def keystrokes(content: str) -> int:
    """What the clerk types for one paper: the numbers and spaces, or one defect key; Enter."""
    return (1 if content.startswith("!") else len(content)) + 1


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ballots", type=int, default=348)
    parser.add_argument("--seats", type=int, default=55)
    parser.add_argument("--names", type=int, default=65)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bench-counting-"))
    env = dict(os.environ)
    env.update(DAIHOI_DATA_DIR=str(tmp), DATABASE_URL=f"sqlite:///{tmp / 'db.sqlite3'}",
               DJANGO_SETTINGS_MODULE="daihoi.project.settings", PYTHONPATH=str(ROOT))
    subprocess.run([str(VENV_BIN / "daihoi"), "migrate"], env=env, check=True,
                   capture_output=True)
    out = subprocess.run([sys.executable, "-m", "tests.congress.serve_setup",
                          str(args.seats), str(args.names), str(args.ballots)],
                         env=env, check=True, capture_output=True, cwd=ROOT, text=True)
    election = int(out.stdout.split()[-1])
    stack = papers(args.ballots, args.seats, args.names, random.Random(2015))
    batches = [stack[i:i + 50] for i in range(0, len(stack), 50)]
    port = free_port()
    server = start_server(VENV_BIN, env, port)
    base = f"http://127.0.0.1:{port}"
    db = sqlite3.connect(tmp / "db.sqlite3")
    try:
        clerks = [HttpClerk(base, name, PASSWORD) for name in ("kiemphieu_a", "kiemphieu_b")]
        # The first clerk opens every batch; the second joins each one.
        entries: list[list[int]] = [[], []]
        for _ in batches:
            clerks[0]._open(f"/dai-hoi/bau-cu/{election}/nhap-lo/", {})
            batch_id, entry_id = db.execute(
                "select batch_id, id from congress_entry order by id desc limit 1").fetchone()
            entries[0].append(entry_id)
            clerks[1]._open(f"/dai-hoi/bau-cu/{election}/nhap-lo/", {"batch": str(batch_id)})
            entries[1].append(db.execute("select max(id) from congress_entry").fetchone()[0])
        timings: list[list[float]] = [[], []]

        def work(which: int) -> None:
            clerk = clerks[which]
            for entry, papers_ in zip(entries[which], batches, strict=True):
                for pos, content in enumerate(papers_, 1):
                    started = time.perf_counter()
                    status = clerk.key(entry, pos, content, f"b{which}-{entry}-{pos}")
                    timings[which].append(time.perf_counter() - started)
                    if status != 200:
                        raise RuntimeError(f"ballot {pos} of entry {entry}: HTTP {status}")
                clerk._open(f"/dai-hoi/nhap/{entry}/xong/", {})

        wall = time.perf_counter()
        threads = [threading.Thread(target=work, args=(i,)) for i in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        wall = time.perf_counter() - wall
        started = time.perf_counter()
        result = clerks[0].get(f"/dai-hoi/bau-cu/{election}/ket-qua.json")
        result_time = time.perf_counter() - started
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=10)
    final = db.execute("select count(*) from congress_batch where status='final'").fetchone()[0]
    all_times = timings[0] + timings[1]
    keys = [keystrokes(c) for c in stack]
    import json

    doc = json.loads(result)
    print(f"ballots {args.ballots}, seats {args.seats}, names {args.names}, "
          f"batches {len(batches)} (final {final})")
    print(f"keyed ballots (both clerks): {len(all_times)}")
    print(f"server time per keyed ballot: p50 {statistics.median(all_times) * 1000:.1f} ms, "
          f"p95 {percentile(all_times, 95) * 1000:.1f} ms, max {max(all_times) * 1000:.1f} ms")
    print(f"total server time: {sum(all_times):.1f} s (clerk 1 {sum(timings[0]):.1f} s, "
          f"clerk 2 {sum(timings[1]):.1f} s); wall time of the double entry {wall:.1f} s")
    print(f"keystrokes per ballot: mean {statistics.mean(keys):.1f}, "
          f"median {statistics.median(keys):.0f}, max {max(keys)}")
    print(f"result over HTTP (document built from final batches + engine): "
          f"{result_time * 1000:.0f} ms; collected {doc['ballots']['collected']}, "
          f"valid {doc['ballots']['valid']}, elected {len(doc['elected'])}, {doc['status']}")


if __name__ == "__main__":
    main()
