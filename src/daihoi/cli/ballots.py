"""``daihoi ballots``: print the ballots of an election and read scans of them. No Django.

Exit codes: 0 done; 2 bad input (missing file, not an image, malformed election document).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeRemainingColumn

from daihoi.ballots import BallotInputError, layout_for, read_files, render_ballots_pdf
from daihoi.ballots.document import load_document
from daihoi.ballots.scan import IMAGE_SUFFIXES
from daihoi.cli.common import err_console, fail
from daihoi.cli.main import app

ballots_app = typer.Typer(
    help="Paper ballots: print them, read scans and photos of them.", no_args_is_help=True
)
app.add_typer(ballots_app, name="ballots")

INPUT_ERROR = 2
SCAN_SUFFIXES = {*IMAGE_SUFFIXES, ".pdf"}  # what a folder of scans contributes


def _election(path: Path) -> dict[str, Any]:
    try:
        text = path.read_text(encoding="utf-8-sig")
    except OSError as exc:
        fail(f"cannot read election document {str(path)!r}: {exc.strerror or exc}", INPUT_ERROR)
        raise  # unreachable: fail() exits
    except UnicodeDecodeError:
        fail(f"{path}: not UTF-8 text", INPUT_ERROR)
        raise
    try:
        return load_document(text)
    except BallotInputError as exc:
        fail(f"{path}: {exc}", INPUT_ERROR)
        raise


@ballots_app.command("print")
def print_ballots(
    election: Annotated[Path, typer.Argument(help="The election document (daihoi-election/1).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the PDF.")],
    layout: Annotated[
        Path | None, typer.Option("--layout", help="Also write the layout JSON here.")
    ] = None,
    copies: Annotated[int, typer.Option("--copies", min=1, help="Identical ballots.")] = 1,
    paper: Annotated[str, typer.Option("--paper", help="A4 or A5.")] = "A4",
    convener: Annotated[
        str, typer.Option("--convener", help='The convening committee, "ĐẢNG BỘ ...".')
    ] = "",
    title: Annotated[str | None, typer.Option("--title", help="The ballot's title.")] = None,
) -> None:
    """Print the ballots of an election as a PDF (the document's ballots are ignored)."""
    doc = _election(election)
    paper = paper.upper()
    try:
        pdf = render_ballots_pdf(doc, paper=paper, copies=copies, convener=convener, title=title)
        layout_doc = layout_for(doc, paper)
    except BallotInputError as exc:
        fail(str(exc), INPUT_ERROR)
        return
    out.write_bytes(pdf)
    if layout is not None:
        layout.write_text(json.dumps(layout_doc, ensure_ascii=False, indent=2) + "\n", "utf-8")
    err_console.print(f"{copies} ballot(s), code {layout_doc['election_id']}: {out}")


@ballots_app.command("read")
def read_ballots(
    scans: Annotated[list[Path], typer.Argument(help="Images (PNG, JPEG, TIFF), PDFs, folders.")],
    election: Annotated[Path, typer.Option("--election", help="The election document.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the reading.")],
    jobs: Annotated[
        int | None, typer.Option("--jobs", min=1, help="Processes (default: all cores).")
    ] = None,
) -> None:
    """Read scanned or photographed ballots into a reading for `daihoi tally --scan`."""
    doc = _election(election)
    paths = _scan_paths(scans)
    try:
        if len(paths) > 1 and err_console.is_terminal:
            columns = (
                *Progress.get_default_columns()[:1],
                BarColumn(),
                MofNCompleteColumn(),
                TimeRemainingColumn(),
            )
            with Progress(*columns, console=err_console) as bar:
                task = bar.add_task("Reading ballots", total=None)

                def advance(done: int, total: int) -> None:
                    bar.update(task, completed=done, total=total)

                reading = read_files(paths, doc, jobs=jobs, progress=advance)
        else:
            reading = read_files(paths, doc, jobs=jobs)
    except BallotInputError as exc:
        fail(str(exc), INPUT_ERROR)
        return
    out.write_text(json.dumps(reading, ensure_ascii=False, indent=1) + "\n", "utf-8")
    counts: dict[str, int] = {}
    for entry in reading["ballots"]:
        counts[entry["status"]] = counts.get(entry["status"], 0) + 1
    summary = ", ".join(f"{n} {status}" for status, n in sorted(counts.items()))
    err_console.print(f"{len(reading['ballots'])} ballot(s): {summary}: {out}")


@ballots_app.command("sample")
def sample_ballots(
    election: Annotated[Path, typer.Argument(help="The election document (daihoi-election/1).")],
    out: Annotated[Path, typer.Option("--out", help="The folder to write the images into.")],
    count: Annotated[int, typer.Option("--count", min=1, max=5000, help="Ballots.")] = 20,
    paper: Annotated[str, typer.Option("--paper", help="A4 or A5.")] = "A4",
    dpi: Annotated[int, typer.Option("--dpi", min=100, max=600, help="Scan resolution.")] = 200,
    unclear: Annotated[
        float,
        typer.Option("--unclear", min=0.0, max=1.0, help="Share with a mark a person must see."),
    ] = 0.1,
    unstamped: Annotated[
        float, typer.Option("--unstamped", min=0.0, max=1.0, help="Share without the stamp.")
    ] = 0.0,
    seed: Annotated[int, typer.Option("--seed", help="The same seed gives the same images.")] = 1,
) -> None:
    """Fill in ballots of an election on generated scans, to rehearse scanning without paper
    (upload them in the web app, or read them with `daihoi ballots read`). Writes
    ballot-001.png, ... and truth.json, what each ballot says."""
    import random

    import cv2

    from daihoi.ballots import synth

    doc = _election(election)
    paper = paper.upper()
    try:
        layout_for(doc, paper)
    except BallotInputError as exc:
        fail(str(exc), INPUT_ERROR)
        return
    out.mkdir(parents=True, exist_ok=True)
    rng = random.Random(seed)  # noqa: S311 - generated rehearsal images, not secrets
    truths: list[dict[str, Any]] = []
    with Progress(console=err_console, disable=not err_console.is_terminal) as bar:
        task = bar.add_task("Filling in ballots", total=count)
        for i in range(1, count + 1):
            image, truth = synth.sample(doc, paper, dpi, rng, unclear=unclear, unstamped=unstamped)
            name = f"ballot-{i:03d}.png"
            if not cv2.imwrite(str(out / name), image):
                fail(f"cannot write {out / name}", INPUT_ERROR)
            truths.append({"file": name, **truth})
            bar.advance(task)
    truth_doc = {
        "format": "daihoi-sample/1",
        "election_id": layout_for(doc, paper)["election_id"],
        "paper": paper,
        "ballots": truths,
    }
    (out / "truth.json").write_text(
        json.dumps(truth_doc, ensure_ascii=False, indent=1) + "\n", "utf-8"
    )
    unclear_n = sum(1 for t in truths if "unclear" in t)
    err_console.print(f"{count} ballot(s), {unclear_n} with an unclear mark: {out}")


def _scan_paths(scans: list[Path]) -> list[Path]:
    paths: list[Path] = []
    for scan in scans:
        if scan.is_dir():
            paths += sorted(
                p for p in scan.iterdir() if p.is_file() and p.suffix.lower() in SCAN_SUFFIXES
            )
        else:
            paths.append(scan)
    return paths


@ballots_app.command("calibrate-kit")
def calibrate_kit(
    election: Annotated[Path, typer.Argument(help="The election document (daihoi-election/1).")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the kit's PDF.")],
    sheets: Annotated[int, typer.Option("--sheets", min=2, max=200, help="Kit ballots.")] = 12,
    paper: Annotated[str, typer.Option("--paper", help="A4 or A5.")] = "A4",
    convener: Annotated[
        str, typer.Option("--convener", help='The convening committee, "ĐẢNG BỘ ...".')
    ] = "",
) -> None:
    """Print the calibration kit: ballots of the election each saying, in small print under
    the list, which names to mark and how. Mark them by hand with the pens of the day, scan
    them on the congress's scanner, and read them with `daihoi ballots calibrate`."""
    from daihoi.ballots.calibrate import render_kit_pdf

    doc = _election(election)
    try:
        pdf = render_kit_pdf(doc, paper=paper.upper(), sheets=sheets, convener=convener)
    except BallotInputError as exc:
        fail(str(exc), INPUT_ERROR)
        return
    out.write_bytes(pdf)
    err_console.print(f"{sheets} kit ballot(s): {out}")


@ballots_app.command("calibrate")
def calibrate_scans(
    scans: Annotated[list[Path], typer.Argument(help="Scans of the marked kit: files, folders.")],
    election: Annotated[Path, typer.Option("--election", help="The election document.")],
    out: Annotated[Path, typer.Option("--out", help="Where to write the HTML report.")],
) -> None:
    """Read scans of a marked calibration kit against the instructions printed on them: per
    kind of mark, how many names were read right, sent to review or read wrong, with
    close-ups of every miss. Exit code 1 when any name was read wrong."""
    from daihoi.ballots.calibrate import calibrate, report_html
    from daihoi.ballots.scan import load_unit, units

    doc = _election(election)
    try:
        pages = [
            (f"{Path(p).name}" + (f" p.{n}" if n > 1 else ""), load_unit((p, n)))
            for p, n in units(_scan_paths(scans))
        ]
        report = calibrate(pages, doc)
    except BallotInputError as exc:
        fail(str(exc), INPUT_ERROR)
        return
    out.write_text(report_html(report, doc), "utf-8")
    wrong = sum(row["wrong"] for row in report.counts.values())
    for kind, row in report.counts.items():
        err_console.print(
            f"{kind}: {row['right']} right, {row['review']} to review, {row['wrong']} wrong"
        )
    if report.unreadable:
        err_console.print(f"no kit instruction found on: {', '.join(report.unreadable)}")
    err_console.print(f"{len(pages)} page(s), {wrong} name(s) read wrong: {out}")
    if wrong:
        raise typer.Exit(1)
