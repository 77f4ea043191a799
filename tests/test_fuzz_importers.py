"""Hypothesis over every importer of outside input: election documents (JSON text through the
limits, the parser and the count), rulebooks, member CSV and XLSX files, scan images. Each
either accepts or answers with its own error, in words: never another exception, never a
traceback (issue #13, deliverable 9; the counts of a run are in docs/security.md)."""

# ruff: noqa: PT017 - each case may be accepted or refused; a refusal's words are checked
from __future__ import annotations

import copy
import io
import json
import zipfile
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from daihoi import election
from daihoi.election.rulebook import rulebook_from_data
from daihoi.lib import jsonlimits
from daihoi.lib.cells import without_control_characters
from daihoi.orgs.importing import HEADERS, ImportFileError, parse_members
from daihoi.scanning.actions import ScanError, refuse_huge_pages
from daihoi.scanning.pages import ScanFileError, check_files
from tests.reports.helpers import TODAY

ROOT = Path(__file__).resolve().parents[1]
ELECTION = json.loads((ROOT / "examples" / "election-committee.json").read_text())
RULEBOOK = json.loads(
    (ROOT / "src" / "daihoi" / "election" / "rulebooks" / "party-2024.json").read_text())
CASES: Counter[str] = Counter()
FUZZ = settings(max_examples=100, deadline=None,
                suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large,
                                       HealthCheck.function_scoped_fixture])

TEXT = st.text(alphabet=st.characters(codec="utf-8"), max_size=40) | st.sampled_from(
    ["=1+1", "+1", "-1", "@x", "\t=1", "\x00", "A" * 300, "", "0", "Nam", "Nữ",
     "01/02/1980", "Chính thức", "T-TP-P1-A", "1e999", "NaN"])
JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | TEXT,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(TEXT, inner, max_size=4),
    max_leaves=12)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> Iterator[tuple[Any, ...]]:
    yield prefix
    if isinstance(value, dict):
        for key, item in value.items():
            yield from _paths(item, (*prefix, key))
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _paths(item, (*prefix, index))


def mutated(draw: Any, original: dict[str, Any]) -> Any:
    """``original`` with up to three of its parts replaced by any JSON value or by a copy of
    another of its parts (which keeps many documents valid, so the count runs too)."""
    doc: Any = copy.deepcopy(original)
    for _ in range(draw(st.integers(0, 3))):
        paths = list(_paths(doc))
        path = draw(st.sampled_from(paths))
        if draw(st.booleans()):
            value = draw(JSON)
        else:
            value = doc
            for step in draw(st.sampled_from(paths)):
                value = value[step]
            value = copy.deepcopy(value)
        if not path:
            doc = value
            continue
        parent = doc
        for step in path[:-1]:
            parent = parent[step]
        parent[path[-1]] = value
    return doc


@FUZZ
@given(st.data())
def test_an_election_document_is_counted_or_refused_in_words(data: Any) -> None:
    doc = mutated(data.draw, ELECTION)
    text = json.dumps(doc, ensure_ascii=data.draw(st.booleans()))
    CASES["election"] += 1
    try:
        parsed = election.parse_election(jsonlimits.loads(text))
        result = election.tally(parsed)
        election.result_document(result)
        election.explain(result)
    except (jsonlimits.JsonLimitError, election.FormatError) as exc:
        assert str(exc)
        CASES["election refused"] += 1


@FUZZ
@given(st.binary(max_size=300) | st.text(max_size=300).map(str.encode))
def test_any_bytes_as_json_are_parsed_or_refused_in_one_line(raw: bytes) -> None:
    CASES["json bytes"] += 1
    try:
        jsonlimits.loads(raw)
    except jsonlimits.JsonLimitError as exc:
        assert "\n" not in str(exc)


@FUZZ
@given(st.data())
def test_a_rulebook_is_loaded_or_refused_in_words(data: Any) -> None:
    CASES["rulebook"] += 1
    try:
        rulebook_from_data(mutated(data.draw, RULEBOOK))
    except election.FormatError as exc:
        assert exc.problems


ROW = st.lists(TEXT, min_size=0, max_size=12)


def _csv_cell(text: str) -> str:
    return '"' + text.replace('"', '""') + '"'


@pytest.mark.django_db
@FUZZ
@given(rows=st.lists(ROW, max_size=6), header=st.booleans())
def test_a_member_csv_is_read_or_refused_by_row_and_column(
        rows: list[list[str]], header: bool, tree: Any) -> None:
    lines = ([",".join(HEADERS)] if header else []) + [",".join(map(_csv_cell, r)) for r in rows]
    CASES["member csv"] += 1
    try:
        result = parse_members("ds.csv", "\n".join(lines).encode(), [tree.branch_a], TODAY)
    except ImportFileError as exc:
        assert str(exc)
        return
    assert all(str(p).startswith("Dòng ") for p in result.problems)


def _xlsx(rows: list[list[str]]) -> bytes:
    wb = Workbook()
    ws = wb.active
    assert ws is not None
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


TEMPLATE = _xlsx([["Hoàng Văn Bình", "Nam", "12/03/1975", "Tày", "Chính thức", "19/05/2001",
                   "T-TP-P1-A", "", ""]])


@pytest.mark.django_db
@FUZZ
@given(data=st.data())
def test_a_member_xlsx_is_read_or_refused_in_words(data: Any, tree: Any) -> None:
    kind = data.draw(st.sampled_from(["rows", "flipped bytes", "broken part"]))
    if kind == "rows":
        # openpyxl writes no control characters (test_safe_cells covers them in CSV).
        body = _xlsx(data.draw(st.lists(ROW.map(lambda r: [without_control_characters(c)
                                                            for c in r]), max_size=4)))
    elif kind == "flipped bytes":
        raw = bytearray(TEMPLATE)
        for _ in range(data.draw(st.integers(1, 8))):
            raw[data.draw(st.integers(0, len(raw) - 1))] = data.draw(st.integers(0, 255))
        body = bytes(raw)
    else:
        source = zipfile.ZipFile(io.BytesIO(TEMPLATE))
        victim = data.draw(st.sampled_from(source.namelist()))
        out = io.BytesIO()
        with zipfile.ZipFile(out, "w") as target:
            for name in source.namelist():
                part = source.read(name)
                if name == victim:
                    part = data.draw(st.binary(max_size=200) | st.just(part[: len(part) // 2]))
                target.writestr(name, part)
        body = out.getvalue()
    CASES[f"member xlsx ({kind})"] += 1
    try:
        parse_members("ds.xlsx", body, [tree.branch_a], TODAY)
    except ImportFileError as exc:
        assert str(exc)


PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000010000000100802000000909168"
                    "360000001c49444154789c62f8cfc0f09f8181e13f030303c3ff0c0c0c00000000ffff"
                    "0300c6a30dfd0000000049454e44ae426082")


@FUZZ
@given(st.data())
def test_an_uploaded_scan_is_measured_or_refused_in_words(data: Any) -> None:
    kind = data.draw(st.sampled_from(["bytes", "png header", "pdf header"]))
    if kind == "bytes":
        body = data.draw(st.binary(max_size=400))
    elif kind == "png header":
        raw = bytearray(PNG)
        for _ in range(data.draw(st.integers(1, 6))):
            raw[data.draw(st.integers(8, 32))] = data.draw(st.integers(0, 255))
        body = bytes(raw)
    else:
        body = b"%PDF-1.4\n" + data.draw(st.binary(max_size=300))
    name = data.draw(st.sampled_from(["a.png", "a.pdf", "a.jpg", "a.tif", "a"]))
    CASES[f"scan ({kind})"] += 1
    try:
        refuse_huge_pages([(name, body)])
        check_files([(name, body)])
    except (ScanError, ScanFileError) as exc:
        assert str(exc)


@pytest.fixture(scope="module", autouse=True)
def _report() -> Iterator[None]:
    """The counts of the run, printed at the end (``pytest -s``) for docs/security.md."""
    yield
    print("\nhypothesis:", dict(sorted(CASES.items())))
