"""Rulebooks as data: the shipped ones, user files, the generated docs page, no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from daihoi.election import (
    FormatError,
    builtin_ids,
    load_rulebook,
    read_rulebook_file,
    rulebook_from_text,
)
from daihoi.election.docs import render
from daihoi.election.rulebook import MAX_RULEBOOK_BYTES

ROOT = Path(__file__).resolve().parents[2]
RULEBOOKS = ROOT / "src" / "daihoi" / "election" / "rulebooks"


def test_the_five_rulebooks_are_shipped_and_party_2024_is_the_default() -> None:
    assert builtin_ids() == ["party-2024", "party-2014", "party-2009", "trade-union", "youth-union"]
    assert load_rulebook().id == "party-2024"


@pytest.mark.parametrize("rulebook_id", ["party-2024", "party-2014", "party-2009"])
def test_party_rulebooks_share_the_counting_rules(rulebook_id: str) -> None:
    """QĐ 190 keeps QĐ 244's counting rules; QĐ 220 is treated as QĐ 244 (rules.md)."""
    rb = load_rulebook(rulebook_id)
    assert rb.base == "roster"
    assert rb.tie_revote_needs_majority is False
    assert rb.surplus_limit_percent == 30
    assert rb.nominee_support_percent == 30
    assert rb.invalid_defects == {"not_issued", "other_mark", "write_in"}


def test_every_rule_has_a_citation_and_a_confidence() -> None:
    for rulebook_id in builtin_ids():
        for rule in load_rulebook(rulebook_id).rules:
            assert rule.citation.regulation
            assert rule.citation.printable.endswith(rule.citation.regulation)
            assert rule.confidence in ("confirmed", "to_verify")
            # A confirmed rule quotes the words it rests on.
            if rule.confidence == "confirmed" and rulebook_id != "party-2009":
                assert rule.quote, (rulebook_id, rule.key)


def test_rules_marked_to_verify_in_the_domain_notes_are_flagged() -> None:
    rb = load_rulebook("party-2024")
    flagged = {r.key for r in rb.rules if r.confidence == "to_verify"}
    assert flagged == {
        "tie_rule",
        "tie_revote_needs_majority",
        "further_round_delegates",
        "further_round_committee",
        "max_rounds",
        "surplus_at_least_one",
        "small_body_max_extra",
        "other_mark_invalid",
        "write_in_invalid",
        "single_candidate_requires_one_mark",
        "ballot_order",
        "direct_secretary_election",
    }
    assert load_rulebook("youth-union").rule("base").confidence == "to_verify"
    # The audit: "confirmed" overstated the trade-union base (one English summary).
    assert load_rulebook("trade-union").rule("base").confidence == "to_verify"


def _user_rulebook(tmp_path: Path, change: dict[str, object]) -> Path:
    data = json.loads((RULEBOOKS / "party-2024.json").read_text(encoding="utf-8"))
    data["id"] = "my-congress"
    for key, value in change.items():
        data["rules"][key]["value"] = value
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_user_rulebook_file_is_loaded(tmp_path: Path) -> None:
    rb = read_rulebook_file(_user_rulebook(tmp_path, {"surplus_limit_percent": 20}))
    assert (rb.id, rb.surplus_limit_percent) == ("my-congress", 20)


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        ({"surplus_limit_percent": 130}, "rules.surplus_limit_percent.value: must be at most 100"),
        ({"base": "members"}, 'rules.base.value: "members" is not one of'),
        (
            {"small_body_max_extra": {"min_seats": 5, "max_seats": 3, "max_extra": 1}},
            "rules.small_body_max_extra.value: min_seats (5) is greater than max_seats (3)",
        ),
        ({"tie_revote_needs_majority": "no"}, "rules.tie_revote_needs_majority.value: must be a"),
    ],
)
def test_a_bad_user_rulebook_is_refused_naming_the_key(
    tmp_path: Path, change: dict[str, object], expected: str
) -> None:
    with pytest.raises(FormatError) as err:
        read_rulebook_file(_user_rulebook(tmp_path, change))
    assert any(p.startswith(expected) for p in err.value.problems), err.value.problems


def test_a_rulebook_missing_a_rule_or_with_an_unknown_one_is_refused(tmp_path: Path) -> None:
    data = json.loads((RULEBOOKS / "party-2024.json").read_text(encoding="utf-8"))
    del data["rules"]["majority"]
    data["rules"]["majorty"] = data["rules"]["base"]
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FormatError) as err:
        read_rulebook_file(path)
    assert 'rules: missing required key "majority"' in err.value.problems
    assert 'rules: unknown key "majorty"' in err.value.problems


def test_an_unknown_rulebook_id_is_refused() -> None:
    with pytest.raises(FormatError, match="unknown rulebook 'party-1999'"):
        load_rulebook("party-1999")


@pytest.fixture
def no_file_opened(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Every file opened from now on (builtins.open, io.open, os.open), recorded."""
    import builtins
    import io
    import os

    opened: list[str] = []
    real_open, real_os_open = builtins.open, os.open

    def spy(file: object, *args: object, **kwargs: object) -> object:
        opened.append(str(file))
        return real_open(file, *args, **kwargs)  # type: ignore[call-overload]

    def os_spy(path: object, *args: object, **kwargs: object) -> int:
        opened.append(str(path))
        return real_os_open(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(builtins, "open", spy)
    monkeypatch.setattr(io, "open", spy)
    monkeypatch.setattr(os, "open", os_spy)
    return opened


@pytest.mark.parametrize("name", ["/dev/zero", "/etc/passwd", "/etc", "../rules.json",
                                  "mine.json"])
def test_a_path_is_never_a_rulebook_and_no_file_is_opened(
        name: str, no_file_opened: list[str]) -> None:
    """#13: a rulebook is named by id; ``load_rulebook`` never opens a path."""
    with pytest.raises(FormatError) as err:
        load_rulebook(name)
    assert err.value.problems == [
        f"rules: {name!r} is a file path; a rulebook is named by its id (installed: "
        f"{', '.join(builtin_ids())}), never by a path: no file is opened"
    ]
    assert not any(name.strip("./") in path for path in no_file_opened)


def test_rulebook_content_is_size_and_depth_limited_before_parsing() -> None:
    with pytest.raises(FormatError, match=f"a rulebook is at most {MAX_RULEBOOK_BYTES} bytes"):
        rulebook_from_text(b" " * (MAX_RULEBOOK_BYTES + 1))
    with pytest.raises(FormatError, match="nested more than 8 levels deep"):
        rulebook_from_text("[" * 5_000 + "]" * 5_000)
    with pytest.raises(FormatError, match="not UTF-8"):
        rulebook_from_text(b"\xff\xfe{}")
    data = json.loads((RULEBOOKS / "party-2024.json").read_text(encoding="utf-8"))
    data["id"] = "uploaded"
    assert rulebook_from_text(json.dumps(data).encode()).id == "uploaded"


@pytest.mark.parametrize("path", ["/dev/zero", "/etc"])
def test_the_operator_file_reader_refuses_what_is_not_a_regular_file(path: str) -> None:
    with pytest.raises(FormatError, match="not a regular file"):
        read_rulebook_file(path)


def test_a_rulebook_file_written_before_the_new_rules_still_loads(tmp_path: Path) -> None:
    """The rules added in 2026 (ballot form, tie rule, rounds) are optional in a user file;
    their default is the party behaviour."""
    data = json.loads((RULEBOOKS / "party-2024.json").read_text(encoding="utf-8"))
    data["id"] = "old-copy"
    for key in ("no_surplus_ballot_form", "tie_rule", "further_round_delegates",
                "further_round_committee", "max_rounds", "surplus_at_least_one",
                "counting_by_computer", "direct_secretary_election"):
        del data["rules"][key]
    del data["documents"]
    rb = rulebook_from_text(json.dumps(data))
    assert (rb.no_surplus_ballot_form, rb.tie_rule, rb.max_rounds) == (
        "agree_disagree", "revote_among_tied", None)


def test_committed_rules_page_equals_the_generated_one() -> None:
    """docs/rules.md is generated: python -m daihoi.election.docs > docs/rules.md."""
    assert (ROOT / "docs" / "rules.md").read_text(encoding="utf-8") == render()


def test_the_engine_and_the_tally_command_import_without_django() -> None:
    code = (
        "import sys; sys.modules['django'] = None\n"
        "import daihoi.election, daihoi.election.docs, daihoi.election.scan\n"
        "import daihoi.cli.tally\n"
        "assert not any(m == 'django' or m.startswith('django.') for m in sys.modules"
        " if sys.modules[m] is not None)\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, cwd=ROOT)
