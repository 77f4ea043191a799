"""Rulebooks as data: the shipped ones, user files, the generated docs page, no Django."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from daihoi.election import FormatError, builtin_ids, load_rulebook
from daihoi.election.docs import render

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
            assert rule.citation.article
            assert rule.confidence in ("confirmed", "to_verify")


def test_rules_marked_to_verify_in_the_domain_notes_are_flagged() -> None:
    rb = load_rulebook("party-2024")
    flagged = {r.key for r in rb.rules if r.confidence == "to_verify"}
    assert flagged == {
        "tie_revote_needs_majority",
        "small_body_max_extra",
        "other_mark_invalid",
        "write_in_invalid",
        "ballot_order",
    }
    assert load_rulebook("youth-union").rule("base").confidence == "to_verify"


def _user_rulebook(tmp_path: Path, change: dict[str, object]) -> Path:
    data = json.loads((RULEBOOKS / "party-2024.json").read_text(encoding="utf-8"))
    data["id"] = "my-congress"
    for key, value in change.items():
        data["rules"][key]["value"] = value
    path = tmp_path / "mine.json"
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_a_user_rulebook_file_is_loaded(tmp_path: Path) -> None:
    rb = load_rulebook(_user_rulebook(tmp_path, {"surplus_limit_percent": 20}))
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
        load_rulebook(_user_rulebook(tmp_path, change))
    assert any(p.startswith(expected) for p in err.value.problems), err.value.problems


def test_a_rulebook_missing_a_rule_or_with_an_unknown_one_is_refused(tmp_path: Path) -> None:
    data = json.loads((RULEBOOKS / "party-2024.json").read_text(encoding="utf-8"))
    del data["rules"]["majority"]
    data["rules"]["majorty"] = data["rules"]["base"]
    path = tmp_path / "typo.json"
    path.write_text(json.dumps(data), encoding="utf-8")
    with pytest.raises(FormatError) as err:
        load_rulebook(path)
    assert 'rules: missing required key "majority"' in err.value.problems
    assert 'rules: unknown key "majorty"' in err.value.problems


def test_an_unknown_rulebook_id_is_refused() -> None:
    with pytest.raises(FormatError, match="unknown rulebook 'party-1999'"):
        load_rulebook("party-1999")


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
