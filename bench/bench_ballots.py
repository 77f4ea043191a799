"""Benchmark of the ballot reader: silent errors, review rate, speed.

Prints ballots, fills them in the way pens and people do, perturbs the pages the way scanners
and phones do, reads them back and compares with the truth.

- silent error: a ballot with status ``read`` whose kept names or defect differ from the truth
  (a ballot carrying an ambiguous mark, such as a partial stroke, an underline or a circle,
  counts as a silent error when it is ``read`` at all);
- review rate: share of ballots sent to a person among ballots with clean strokes only;
- speed: milliseconds per ballot for a 60-name A4 ballot, one core, 200 and 300 DPI.

    .venv/bin/python bench/bench_ballots.py --ballots 1700 --jobs 2
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import platform
import random
import statistics
import time
from collections import Counter
from typing import Any

import cv2
import numpy as np

from daihoi.ballots import pen, synth
from daihoi.ballots.document import spec_from_document
from daihoi.ballots.layout import layout_from_spec
from daihoi.ballots.read import read_spec_image

GIVEN = ["Lan", "Minh", "Tài", "Hoa", "Ấn", "Đức", "Hương", "Nguyệt", "Quỳnh", "Thắng", "Yến"]
MIDDLE = ["Văn", "Thị", "Ngọc", "Hữu", "Đình", "Thanh", "Xuân", "Quốc"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Vũ", "Đặng", "Bùi", "Lương", "Nông"]


def election(n: int, seats: int, seed: int) -> dict[str, Any]:
    rng = random.Random(seed)
    names = [
        f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        if rng.random() < 0.4
        else f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}"
        for _ in range(n)
    ]
    return {
        "format": "daihoi-election/1",
        "rules": "party-2024",
        "body": "committee",
        "round": "first",
        "seats": seats,
        "candidates": [{"id": str(i + 1), "name": name} for i, name in enumerate(names)],
        "roster": {"convened": 200, "excluded": 0},
        "ballots_issued": 200,
        "ballots": [],
    }


ELECTIONS = {
    "A4-60": (election(60, 45, 1), "A4"),
    "A4-15": (election(15, 11, 2), "A4"),
    "A5-9": (election(9, 7, 3), "A5"),
}


def fill(
    doc: dict[str, Any], paper: str, seed: int, kind: str = "clean", dpi: int = 200
) -> tuple[Any, ...]:
    """A filled-in, perturbed ballot image and its truth (kept ids, or 'ambiguous', defect)."""
    rng = random.Random(seed)
    spec = spec_from_document(doc)
    layout = layout_from_spec(spec, paper)
    size = float(layout["font_size_pt"])
    image = synth.blank(doc, paper, dpi)
    stamped = rng.random() > 0.03
    if stamped:
        synth.stamp(image, layout, dpi, rng)
    kept: list[str] = []
    ambiguous: list[str] = []
    ink = rng.choice(synth.INKS)  # one voter, one pen (its pressure and width vary by stroke)
    for entry in layout["candidates"]:
        roll = rng.random()
        pen = synth.Pen(image, dpi, rng, light=rng.random() < 0.1, ink=ink)
        if roll < 0.5:
            kept.append(entry["id"])
            continue
        if kind == "messy" and roll > 0.9:
            mark = rng.choice(["partial", "underline", "circle", "cross"])
            if mark != "cross":  # a cross whose arms span the name strikes it
                ambiguous.append(f"{mark}:{entry['id']}")
            if mark == "partial":
                a = rng.uniform(0.0, 0.4)
                synth.strike(pen, entry, size, a, a + rng.uniform(0.15, 0.4))
            elif mark == "underline":
                synth.underline(pen, entry, size)
            elif mark == "circle":
                synth.circle(pen, entry, size)
            else:
                x0, y0, x1, y1 = entry["name_box_pt"]
                pen.line(x0, y0 - 2, x1, y1 + 2)
                pen.line(x0, y1 + 2, x1, y0 - 2)
            continue
        synth.strike(  # a clean strike through the whole name
            pen,
            entry,
            size,
            start=rng.uniform(-0.08, 0.04),
            end=rng.uniform(0.96, 1.08),
            angle_deg=rng.uniform(-2.0, 2.0),
            wave=rng.uniform(0.0, 0.12) * size,
            offset=rng.uniform(-0.18, 0.18) * size,
        )
        if rng.random() < 0.08:  # a second stroke over the first
            synth.strike(
                pen,
                entry,
                size,
                -0.02,
                1.02,
                rng.uniform(-1.5, 1.5),
                0.0,
                rng.uniform(-0.15, 0.15) * size,
            )
    phone = kind == "phone"
    tilted = phone or rng.random() < 0.3
    image = synth.perturb(
        image,
        rng,
        rotate=rng.uniform(-3, 3),
        scale=rng.uniform(0.9, 1.1),
        perspective=(rng.uniform(0.02, 0.05) if phone else rng.uniform(0.0, 0.012))
        if tilted
        else 0.0,
        blur=rng.uniform(0.0, 1.2),
        noise=rng.uniform(0.0, 6.0),
        jpeg=rng.randint(60, 95) if rng.random() < 0.5 else None,
        lighting=rng.uniform(0.0, 0.35),
        fold=rng.random() < 0.2,
    )
    if kind == "fringed":  # a scanner whose red and blue channels do not line up
        image = synth.misregister(image, rng.uniform(0.5, 1.5))
    if phone:  # the page lies on a table, the photo holds more than the page
        h, w = image.shape[:2]
        table = np.empty((round(h * 1.3), round(w * 1.3), 3), np.uint8)
        table[:] = (rng.randint(30, 120), rng.randint(30, 120), rng.randint(30, 120))
        y, x = rng.randint(0, table.shape[0] - h), rng.randint(0, table.shape[1] - w)
        table[y : y + h, x : x + w] = image
        image = table
    defect = None if stamped else "not_issued"
    return image, (["ambiguous", *ambiguous] if ambiguous else sorted(kept, key=int)), defect


def judge(result: dict[str, Any], truth: Any, defect: str | None) -> str:
    """``read_ok``, ``silent_error``, ``review`` or ``rejected``."""
    status = str(result["status"])
    if status != "read":
        return status
    if defect is not None:
        return "read_ok" if result.get("defect") == defect else "silent_error"
    if truth[0] == "ambiguous" or result.get("defect"):
        return "silent_error"
    return "read_ok" if sorted(result["kept"], key=int) == truth else "silent_error"


def one(task: tuple[str, int, str]) -> tuple[str, str, int, str, list[str], int]:
    name, seed, kind = task
    doc, paper = ELECTIONS[name]
    image, truth, defect = fill(doc, paper, seed, kind)
    result = read_spec_image(image, spec_from_document(doc))
    verdict = judge(result, truth, defect)
    detail = f"{name} seed={seed} truth={truth} defect={defect} got={result}"
    return (
        name,
        verdict,
        len(doc["candidates"]),
        detail if verdict == "silent_error" else "",
        list(result.get("reasons", [])),
        len(truth) - 1 if truth and truth[0] == "ambiguous" else 0,
    )


PEN_KINDS = {  # ballot kinds of the second generator and their shares of its ballots
    "plain": 0.50,  # struck names: straight, sloped, wavy, low, high, from the number, long
    "cross_double": 0.20,  # struck names: crosses and double strikes
    "judged": 0.15,  # plain, and one to three names a person must judge
    "zigzag": 0.05,  # plain, and some names scribbled over
    "small": 0.10,  # plain, on the 15-name A4 and 9-name A5 ballots
}


def pen_fill(dpi: int, seed: int, kind: str) -> tuple[str, Any, dict[str, Any]]:
    """A ballot marked by the second, independent pen model (:mod:`daihoi.ballots.pen`)."""
    rng = random.Random(seed)
    name = rng.choice(["A4-15", "A5-9"]) if kind == "small" else "A4-60"
    doc, paper = ELECTIONS[name]
    ids = [c["id"] for c in doc["candidates"]]
    marks: dict[str, str] = {}
    for cid in ids:
        if rng.random() < 0.5:
            marks[cid] = rng.choice(("cross", "double") if kind == "cross_double" else pen.PLAIN)
    if kind == "judged":
        clean = [i for i in ids if i not in marks] or ids
        for cid in rng.sample(clean, min(len(clean), rng.randint(1, 3))):
            marks[cid] = rng.choice(pen.JUDGED)
    if kind == "zigzag":
        for cid in [i for i in marks if rng.random() < 0.3]:
            marks[cid] = "zigzag"
    image, truth = pen.ballot(doc, paper, dpi, rng, marks, stamped=rng.random() > 0.02)
    return name, image, truth


def pen_one(task: tuple[int, int, str]) -> tuple[int, str, int, str, list[str], dict[str, str]]:
    dpi, seed, kind = task
    name, image, truth = pen_fill(dpi, seed, kind)
    doc, _ = ELECTIONS[name]
    result = read_spec_image(image, spec_from_document(doc))
    verdict = pen.judge(result, truth)
    flagged = {r.split(":")[1] for r in result.get("reasons", []) if ":" in r}
    names: dict[str, str] = {}  # per marked name: read right, flagged or read wrong
    for cid, mark in truth["marks"].items():
        if result["status"] == "read" and not truth.get("defect"):
            wrong = mark in pen.JUDGED or cid in result.get("kept", [])
            names[cid] = f"{mark}:{'wrong' if wrong else 'read'}"
        else:
            names[cid] = f"{mark}:{'flagged' if cid in flagged else 'unflagged'}"
    detail = (
        f"dpi={dpi} seed={seed} kind={kind} truth={truth} got={result}"
        if verdict == "wrong"
        else ""
    )
    return dpi, verdict, len(doc["candidates"]), detail, list(result.get("reasons", [])), names


def summary(
    verdicts: Counter[tuple[int, str, str]],
    marks: Counter[tuple[int, str, str]],
    positions: Counter[int],
    dpis: tuple[int, ...],
    kinds: list[str],
    planned: int,
    start: float,
) -> None:
    """The second generator's figures so far (printed along the way, so that a run cut short
    still says what it measured)."""
    done = sum(verdicts.values())
    print(f"machine: {machine()}")
    print(f"date: {time.strftime('%Y-%m-%d %H:%M')}, load average {os.getloadavg()}")
    print(
        f"second generator (daihoi.ballots.pen): {done} of {planned} ballots read, "
        f"wall time {time.perf_counter() - start:.0f} s"
    )
    for dpi in dpis:
        total = sum(v for (d, _, _), v in verdicts.items() if d == dpi)
        wrong = sum(v for (d, _, w), v in verdicts.items() if d == dpi and w == "wrong")
        print(f"\n{dpi} DPI: {total} ballots, {positions[dpi]} name positions, {wrong} read wrong")
        for kind in kinds:
            row = {w: v for (d, k, w), v in verdicts.items() if d == dpi and k == kind}
            n = sum(row.values())
            sent = row.get("review", 0) + row.get("rejected", 0)
            print(f"  ballots {kind}: {n}, {row}, to review {sent}/{n} = {sent / max(n, 1):.2%}")
        for mark in (*pen.STRIKES, *pen.JUDGED):
            row = {o: v for (d, m, o), v in marks.items() if d == dpi and m == mark}
            print(f"  names {mark}: {sum(row.values())} drawn, {row}")


def pen_main(
    count: int, jobs: int, dpis: tuple[int, ...], speed_count: int, first: int = 0
) -> None:
    """The second generator at each DPI: ``count`` ballots from the ``first``, each kind
    apart (runs with different ``first`` read different ballots, and add up)."""
    rng = random.Random(2026)
    kinds = list(PEN_KINDS)
    weights = list(PEN_KINDS.values())
    tasks = [
        (dpi, 1_000_000 * dpi + i, rng.choices(kinds, weights)[0])
        for i in range(first + count)
        for dpi in dpis
    ][first * len(dpis) :]
    verdicts: Counter[tuple[int, str, str]] = Counter()
    marks: Counter[tuple[int, str, str]] = Counter()
    reasons: Counter[str] = Counter()
    positions: Counter[int] = Counter()
    errors: list[str] = []
    start = time.perf_counter()
    cpu = time.process_time()
    with multiprocessing.get_context("fork").Pool(jobs) as pool:
        for done, ((dpi, verdict, n, detail, why, names), task) in enumerate(
            zip(pool.imap(pen_one, tasks, chunksize=2), tasks, strict=True), start=1
        ):
            positions[dpi] += n
            verdicts[dpi, task[2], verdict] += 1
            for value in names.values():
                mark, outcome = value.split(":")
                marks[dpi, mark, outcome] += 1
            reasons.update(r.split(":")[0] for r in why)
            if detail:
                errors.append(detail)
                print("WRONG", detail, flush=True)
            if done % 100 == 0:
                summary(verdicts, marks, positions, dpis, kinds, len(tasks), start)
                print(flush=True)
    summary(verdicts, marks, positions, dpis, kinds, len(tasks), start)
    print(f"review reasons: {dict(reasons.most_common())}")
    for line in errors[:20]:
        print("WRONG", line)
    print(f"speed measured on {one_core()}")
    for dpi in dpis:
        images = [pen_fill(dpi, 9_000_000 + i, "plain")[1] for i in range(speed_count)]
        spec = spec_from_document(ELECTIONS["A4-60"][0])
        read_spec_image(images[0], spec)
        walls, cpus = [], []
        for _ in range(5):
            wall, cpu = time.perf_counter(), time.process_time()
            for image in images:
                read_spec_image(image, spec)
            walls.append((time.perf_counter() - wall) / len(images) * 1000)
            cpus.append((time.process_time() - cpu) / len(images) * 1000)
        print(
            f"ms per 60-name A4 ballot (second generator) at {dpi} DPI, one core: "
            f"{statistics.median(walls):.1f} wall-clock, {statistics.median(cpus):.1f} CPU "
            f"(medians of 5 passes over {len(images)} ballots), load average {os.getloadavg()}"
        )


def speed(dpi: int, count: int, rounds: int = 5) -> tuple[float, float]:
    """Milliseconds per 60-name A4 ballot on one core: the median over ``rounds`` passes of
    wall-clock time and of this process's CPU time (the latter barely moves when other work
    shares the machine). The caller pins the process to one core with one OpenCV thread."""
    doc, paper = ELECTIONS["A4-60"]
    spec = spec_from_document(doc)
    images = [fill(doc, paper, 10_000 + i, "clean", dpi)[0] for i in range(count)]
    read_spec_image(images[0], spec)  # warm the template cache
    walls, cpus = [], []
    for _ in range(rounds):
        wall, cpu = time.perf_counter(), time.process_time()
        for image in images:
            read_spec_image(image, spec)
        walls.append((time.perf_counter() - wall) / count * 1000)
        cpus.append((time.process_time() - cpu) / count * 1000)
    return statistics.median(walls), statistics.median(cpus)


def one_core() -> str:
    """Pin this process to one core and OpenCV to one thread; say which core."""
    cv2.setNumThreads(1)
    if hasattr(os, "sched_setaffinity"):
        core = min(os.sched_getaffinity(0))
        os.sched_setaffinity(0, {core})
        return f"core {core}, 1 OpenCV thread"
    return "1 OpenCV thread (this system cannot pin a process to a core)"


def machine() -> str:
    model = platform.processor() or "?"
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            model = next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
        with open("/proc/meminfo", encoding="utf-8") as f:
            kb = int(next(ln.split()[1] for ln in f if ln.startswith("MemTotal")))
        ram = f"{kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, StopIteration, ValueError):
        ram = "? RAM"
    return f"{os.cpu_count()} CPUs ({model}), {ram}, Python {platform.python_version()}"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--ballots", type=int, default=1700, help="60-name ballots (clean)")
    parser.add_argument("--small", type=int, default=300, help="15- and 9-name ballots each")
    parser.add_argument("--messy", type=int, default=300, help="15-name ballots, ambiguous marks")
    parser.add_argument("--messy60", type=int, default=300, help="60-name ballots, ambiguous marks")
    parser.add_argument(
        "--phone", type=int, default=200, help="15-name ballots photographed at an angle"
    )
    parser.add_argument(
        "--fringed", type=int, default=200, help="60-name ballots, colour channels misregistered"
    )
    parser.add_argument("--speed", type=int, default=20, help="ballots timed per DPI")
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1)
    parser.add_argument(
        "--pen",
        type=int,
        default=0,
        help="instead: this many ballots per DPI from the second generator (daihoi.ballots.pen)",
    )
    parser.add_argument("--dpi", type=int, nargs="+", default=[200, 300])
    parser.add_argument("--first", type=int, default=0, help="with --pen: the first ballot")
    args = parser.parse_args()
    if args.pen:
        pen_main(args.pen, args.jobs, tuple(args.dpi), args.speed, args.first)
        return
    tasks = [("A4-60", i, "clean") for i in range(args.ballots)]
    tasks += [(n, 100_000 + i, "clean") for n in ("A4-15", "A5-9") for i in range(args.small)]
    tasks += [("A4-15", 200_000 + i, "messy") for i in range(args.messy)]
    tasks += [("A4-60", 300_000 + i, "messy") for i in range(args.messy60)]
    tasks += [("A4-15", 400_000 + i, "phone") for i in range(args.phone)]
    tasks += [("A4-60", 500_000 + i, "fringed") for i in range(args.fringed)]
    start = time.perf_counter()
    verdicts: Counter[str] = Counter()
    clean_verdicts: Counter[str] = Counter()
    kind_verdicts: Counter[tuple[str, str]] = Counter()
    by_election: Counter[tuple[str, str]] = Counter()
    reasons: Counter[str] = Counter()
    positions = 0
    ambiguous_marks = 0
    errors: list[str] = []
    with multiprocessing.get_context("fork").Pool(args.jobs) as pool:
        for (name, verdict, n, detail, why, marks), task in zip(
            pool.imap(one, tasks, chunksize=4), tasks, strict=True
        ):
            positions += n
            ambiguous_marks += marks
            verdicts[verdict] += 1
            kind_verdicts[task[2], verdict] += 1
            if task[2] == "clean":
                clean_verdicts[verdict] += 1
                by_election[name, verdict] += 1
            reasons.update(r.split(":")[0] for r in why)
            if detail:
                errors.append(detail)
    elapsed = time.perf_counter() - start
    clean = sum(clean_verdicts.values())
    print(f"machine: {machine()}")
    print(f"date: {time.strftime('%Y-%m-%d')}")
    print(f"ballots: {len(tasks)}, name positions: {positions}, wall time {elapsed:.0f} s")
    print(f"verdicts: {dict(verdicts)}")
    print(f"silent errors: {verdicts['silent_error']}")
    review = clean_verdicts["review"] + clean_verdicts["rejected"]
    print(f"review+rejected rate, clean strokes: {review}/{clean} = {review / max(clean, 1):.2%}")
    for key in ELECTIONS:
        total = sum(v for (k, _), v in by_election.items() if k == key)
        sent = by_election[key, "review"] + by_election[key, "rejected"]
        print(f"  {key}: {sent}/{total} = {sent / max(total, 1):.2%} to review")
    print(f"ambiguous marks drawn: {ambiguous_marks}")
    for kind, what in (
        ("messy", "ballots with ambiguous marks"),
        ("phone", "phone photos"),
        ("fringed", "60-name ballots, colour channels misregistered"),
    ):
        print(f"{what}: { ({v: n for (k, v), n in kind_verdicts.items() if k == kind}) }")
    print(f"review reasons: {dict(reasons.most_common())}")
    for line in errors[:10]:
        print("SILENT ERROR", line)
    print(f"speed measured on {one_core()}")
    for dpi in (200, 300):
        wall, cpu = speed(dpi, args.speed)
        print(
            f"ms per 60-name A4 ballot at {dpi} DPI, one core: {wall:.1f} wall-clock, "
            f"{cpu:.1f} CPU (medians of 5 passes over {args.speed} ballots)"
        )


if __name__ == "__main__":
    main()
