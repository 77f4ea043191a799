"""Reading many files into the scan document (``daihoi-scan/1``), and back to ballots.

Files are images (PNG, JPEG, TIFF) or PDFs (one ballot per page, rasterised at 200 DPI).
Ballots are read on a pool of processes, in order.
"""

from __future__ import annotations

import multiprocessing
import os
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import Any

import cv2
import numpy as np
from numpy.typing import NDArray

from daihoi.ballots.document import BallotInputError, BallotSpec, spec_code, spec_from_document
from daihoi.ballots.raster import PDFIUM_LOCK, page_to_bgr
from daihoi.ballots.read import read_spec_image

IMAGE_SUFFIXES = {".png", ".jpg", ".jpeg", ".tif", ".tiff"}
PDF_DPI = 200
DEFECTS = {"not_issued", "other_mark", "write_in"}
MARKS = {"agree", "disagree", "both", "none"}

Unit = tuple[str, int]  # (path, page number from 1)


class UndecidedBallots(ValueError):
    """Some ballots of a reading are rejected or still wait for a person's decision."""

    def __init__(self, indices: list[int], detail: list[str]) -> None:
        super().__init__("; ".join(detail))
        self.indices = indices
        self.detail = detail


def units(paths: Iterable[str | Path]) -> list[Unit]:
    """One unit per ballot image: every image file, every page of every PDF."""
    import pypdfium2 as pdfium

    out: list[Unit] = []
    for raw in paths:
        path = Path(raw)
        if not path.is_file():
            raise BallotInputError([f"{path}: no such file"])
        suffix = path.suffix.lower()
        if suffix == ".pdf":
            try:
                with PDFIUM_LOCK:
                    count = len(pdfium.PdfDocument(str(path)))
            except pdfium.PdfiumError as exc:
                raise BallotInputError([f"{path}: not a readable PDF ({exc})"]) from exc
            out += [(str(path), page) for page in range(1, count + 1)]
        elif suffix in IMAGE_SUFFIXES:
            out.append((str(path), 1))
        else:
            raise BallotInputError([f"{path}: not an image or PDF (PNG, JPEG, TIFF, PDF)"])
    return out


def load_unit(unit: Unit) -> NDArray[np.uint8]:
    path, page = unit
    if path.lower().endswith(".pdf"):
        import pypdfium2 as pdfium

        with PDFIUM_LOCK:
            return page_to_bgr(pdfium.PdfDocument(path)[page - 1], PDF_DPI)
    data = np.fromfile(path, dtype=np.uint8)
    image = cv2.imdecode(data, cv2.IMREAD_UNCHANGED)
    if image is None:
        raise BallotInputError([f"{path}: not a readable image"])
    if image.dtype != np.uint8:
        image = (image / (image.max() or 1) * 255).astype(np.uint8)
    return np.asarray(image, dtype=np.uint8)


_SPEC: BallotSpec | None = None


def _init(spec: BallotSpec) -> None:
    global _SPEC
    _SPEC = spec
    cv2.setNumThreads(1)


def _read_unit(unit: Unit) -> dict[str, Any]:
    if _SPEC is None:
        raise RuntimeError("worker not initialised")
    try:
        image = load_unit(unit)
    except BallotInputError as exc:
        return {"error": str(exc)}
    entry = read_spec_image(image, _SPEC)
    return {"source": unit[0], "page": unit[1], **entry}


def read_files(
    paths: Sequence[str | Path],
    election_doc: dict[str, Any],
    jobs: int | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> dict[str, Any]:
    """The scan document for ballot images/PDFs, read on ``jobs`` processes (default: all cores).

    ``progress(done, total)`` is called after each ballot. An unreadable file raises
    :class:`BallotInputError`.
    """
    spec = spec_from_document(election_doc)
    todo = units(paths)
    jobs = max(1, jobs or os.cpu_count() or 1)
    results: list[dict[str, Any]] = []
    if jobs == 1 or len(todo) <= 1:
        _init(spec)
        mapped: Iterable[dict[str, Any]] = map(_read_unit, todo)
        results = _collect(mapped, len(todo), progress)
    else:
        # Never fork: the caller may run threads (OpenCV's pool, a web server, a test runner),
        # and a forked child can inherit one of their locks held, and hang. "spawn" starts
        # clean workers, the same on Linux, macOS and Windows.
        context = multiprocessing.get_context("spawn")
        with context.Pool(jobs, initializer=_init, initargs=(spec,)) as pool:
            results = _collect(pool.imap(_read_unit, todo, chunksize=2), len(todo), progress)
    errors = [r["error"] for r in results if "error" in r]
    if errors:
        raise BallotInputError(errors)
    return {"format": "daihoi-scan/1", "election_id": spec_code(spec), "ballots": results}


def _collect(
    mapped: Iterable[dict[str, Any]], total: int, progress: Callable[[int, int], None] | None
) -> list[dict[str, Any]]:
    out = []
    for done, entry in enumerate(mapped, start=1):
        out.append(entry)
        if progress is not None:
            progress(done, total)
    return out


def _decided_ballot(decided: object, where: str) -> dict[str, Any]:
    if not isinstance(decided, dict):
        raise BallotInputError([f"{where}.decided: must be an object"])
    keys = set(decided) - {"by", "note"}
    if len(keys) != 1:
        raise BallotInputError([f"{where}.decided: exactly one of kept, marks, defect"])
    key = keys.pop()
    value = decided[key]
    if key == "kept" and isinstance(value, list) and all(isinstance(v, str) for v in value):
        return {"kept": list(value)}
    if key == "marks" and isinstance(value, dict) and all(v in MARKS for v in value.values()):
        return {"marks": dict(value)}
    if key == "defect" and value in DEFECTS:
        return {"defect": value}
    raise BallotInputError([f"{where}.decided.{key}: malformed value {value!r}"])


def reading_to_ballots(reading: dict[str, Any]) -> list[dict[str, Any]]:
    """Election-format ballots from a scan document's ``read`` and decided entries.

    A ``review`` entry counts once a person recorded ``"decided"``
    (``{"kept": [...]}``, ``{"marks": {...}}`` or ``{"defect": "..."}``, with an optional
    ``"by"``). Raises :class:`UndecidedBallots` with the indices of the others (undecided
    ``review`` and ``rejected`` entries): every collected ballot must be counted.
    """
    if not isinstance(reading, dict) or reading.get("format") != "daihoi-scan/1":
        raise BallotInputError(['format: expected "daihoi-scan/1"'])
    entries = reading.get("ballots")
    if not isinstance(entries, list):
        raise BallotInputError(["ballots: must be a list"])
    ballots: list[dict[str, Any]] = []
    undecided: list[int] = []
    detail: list[str] = []
    for i, entry in enumerate(entries):
        where = f"ballots[{i}]"
        if not isinstance(entry, dict):
            raise BallotInputError([f"{where}: must be an object"])
        if entry.get("status") == "review" and "decided" in entry:
            ballots.append(_decided_ballot(entry["decided"], where))
        elif entry.get("status") == "read":
            if entry.get("defect") in DEFECTS:
                ballots.append({"defect": entry["defect"]})
            elif isinstance(entry.get("kept"), list):
                ballots.append({"kept": list(entry["kept"])})
            elif isinstance(entry.get("marks"), dict):
                ballots.append({"marks": dict(entry["marks"])})
            else:
                raise BallotInputError([f"{where}: a read ballot needs kept, marks or defect"])
        else:
            undecided.append(i)
            reasons = ", ".join(entry.get("reasons") or [])
            detail.append(f"{where}: {entry.get('status', '?')} ({reasons}), not decided")
    if undecided:
        raise UndecidedBallots(undecided, detail)
    return ballots
