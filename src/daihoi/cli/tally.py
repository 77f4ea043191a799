"""``daihoi tally`` and ``daihoi rules``: counting from files, with no database and no Django.

Exit codes: 0 counted (or rulebook valid); 2 malformed input, one line per problem on stderr.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import typer

from daihoi.cli.main import app
from daihoi.election import (
    FormatError,
    builtin_ids,
    dump_result,
    explain,
    load_rulebook,
    parse_election,
    read_rulebook_file,
    tally,
)
from daihoi.election.rulebook import Rulebook
from daihoi.election.scan import election_with_scan
from daihoi.lib import jsonlimits

rules_app = typer.Typer(
    help="Rulebooks: the election rules of each regulation.", no_args_is_help=True
)
app.add_typer(rules_app, name="rules")

INPUT_ERROR = 2


def _problems(lines: list[str]) -> typer.Exit:
    for line in lines:
        typer.echo(line, err=True)
    return typer.Exit(INPUT_ERROR)


def _label(source: str) -> str:
    return "stdin" if source == "-" else source


def _read_json(source: str, what: str) -> Any:
    """Parsed JSON from a path or ``-`` (stdin); a one-line error and exit 2 otherwise."""
    try:
        raw = sys.stdin.buffer.read() if source == "-" else Path(source).read_bytes()
    except OSError as exc:
        raise _problems([f"cannot read {what} {source!r}: {exc.strerror or exc}"]) from exc
    try:
        return jsonlimits.loads(raw)
    except jsonlimits.JsonLimitError as exc:
        raise _problems([f"{_label(source)}: {exc}"]) from exc


def _custom_rulebook(path: str | None, data: Any) -> Rulebook | None:
    """The rulebook file the operator named with ``--rulebook`` (never a path from the
    document); the document's ``rules``, when given, must be that rulebook's id."""
    if path is None:
        return None
    rulebook = read_rulebook_file(path)
    named = data.get("rules") if isinstance(data, dict) else None
    if isinstance(named, str) and named != rulebook.id:
        raise FormatError([
            f"rules: the document names {named!r} but --rulebook {path} is {rulebook.id!r}"
        ])
    return rulebook


def _write(text: str) -> None:
    out = getattr(sys.stdout, "buffer", None)
    if out is not None:
        sys.stdout.flush()
        out.write(text.encode("utf-8"))
        out.flush()
    else:  # pragma: no cover (a stream without bytes, e.g. some test runners)
        sys.stdout.write(text)


@app.command("tally")
def tally_command(
    source: str = typer.Argument(..., metavar="FILE|-", help="Election document, or - for stdin."),
    explain_: bool = typer.Option(
        False, "--explain", help="Print the count in Vietnamese sentences for the minutes."
    ),
    scan: str | None = typer.Option(
        None, "--scan", metavar="READING.json", help="Take the ballots from a scan reading."
    ),
    rulebook_file: str | None = typer.Option(
        None,
        "--rulebook",
        metavar="RULES.json",
        help="Count by this rulebook file (its id must be the document's rules, if it names one).",
    ),
) -> None:
    """Count an election document (daihoi-election/1) and print its result (daihoi-result/1).

    The document names a shipped rulebook by id; a rulebook of your own is read only from the
    file given with --rulebook, never from a path inside the document.
    """
    data = _read_json(source, "election file")
    try:
        custom = _custom_rulebook(rulebook_file, data)
        if scan is not None:
            data = election_with_scan(data, _read_json(scan, "scan reading"))
        election = parse_election(data, custom)
        result = tally(election, custom)
    except FormatError as exc:
        raise _problems(exc.problems) from exc
    _write("\n".join(explain(result)) + "\n" if explain_ else dump_result(result))


@rules_app.command("list")
def rules_list() -> None:
    """The shipped rulebooks (the first is the default)."""
    for rulebook_id in builtin_ids():
        rb = load_rulebook(rulebook_id)
        to_verify = sum(1 for r in rb.rules if r.confidence == "to_verify")
        _write(f"{rb.id}\t{rb.name} — {rb.regulation} ({to_verify} quy tắc cần đối chiếu)\n")


@rules_app.command("check")
def rules_check(path: str = typer.Argument(..., metavar="FILE")) -> None:
    """Validate a user rulebook file; exit 2 with one line per problem if it is refused."""
    try:
        rb = read_rulebook_file(path)
    except FormatError as exc:
        raise _problems(exc.problems) from exc
    _write(f"{path}: rulebook {rb.id} is valid ({len(rb.rules)} rules)\n")
