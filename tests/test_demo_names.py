"""The demo's people have names a Lạng Sơn congress would show: Tày, Nùng and Kinh family
names in their proportions, "Văn" and "Thị" as the usual middle names, and no two people of a
small organisation with the same given name (the roster is sorted by given name, so repeats
stand side by side)."""

from __future__ import annotations

import random
from collections import Counter

import pytest

from daihoi.demo.names import (
    FAMILIES,
    GIVEN_FEMALE,
    GIVEN_MALE,
    MIDDLE_FEMALE,
    MIDDLE_MALE,
    NamePicker,
)

ETHNICITIES = ["Tày"] * 45 + ["Nùng"] * 25 + ["Kinh"] * 28 + ["Dao"] * 2


def people(n: int, seed: str) -> list[tuple[bool, str, str]]:
    """(female, ethnicity, name) for an organisation of n, drawn as the demo draws them."""
    draw = random.Random(seed)
    picker = NamePicker(seed)
    out = []
    for _ in range(n):
        female = draw.random() < 0.36
        ethnicity = draw.choice(ETHNICITIES)
        out.append((female, ethnicity, picker.name(female, ethnicity)))
    return out


@pytest.mark.parametrize("seed", [f"names:org-{i}" for i in range(40)])
def test_no_two_people_of_an_organisation_of_150_share_a_given_name(seed: str) -> None:
    given = Counter(name.split()[-1] for _, _, name in people(150, seed))
    assert given.most_common(1)[0][1] == 1


def test_an_organisation_of_450_has_a_given_name_at_most_twice_and_no_full_name_twice() -> None:
    names = [name for _, _, name in people(450, "names:LS-TP-P-CL")]
    assert len(set(names)) == len(names)
    assert Counter(name.split()[-1] for name in names).most_common(1)[0][1] <= 2


def test_names_are_the_same_on_every_run() -> None:
    assert people(60, "names:x") == people(60, "names:x")
    assert people(60, "names:x") != people(60, "names:y")


def test_each_name_is_family_middle_given_of_the_right_gender_and_ethnicity() -> None:
    male_middles = {m for m, _ in MIDDLE_MALE}
    female_middles = {m for m, _ in MIDDLE_FEMALE}
    for female, ethnicity, name in people(3000, "names:check"):
        family, *middle_words, given = name.split()
        middle = " ".join(middle_words)
        assert family in {f for f, _ in FAMILIES[ethnicity]}, name
        assert middle in (female_middles if female else male_middles), name
        assert given in {g for g, _ in (GIVEN_FEMALE if female else GIVEN_MALE)}, name
        assert len(set(name.split())) == len(name.split()), name  # no "Hà Thị Hà"


def test_the_usual_names_come_in_their_usual_proportions() -> None:
    sample = [p for i in range(20) for p in people(200, f"names:share-{i}")]
    men = [name for female, _, name in sample if not female]
    women = [name for female, _, name in sample if female]
    van = sum(name.split()[1] == "Văn" for name in men) / len(men)
    thi = sum(name.split()[1] == "Thị" for name in women) / len(women)
    assert 0.48 <= van <= 0.64  # most men of that generation: "Văn"
    assert 0.65 <= thi <= 0.82  # most women: "Thị", a few with a second middle name
    kinh = Counter(name.split()[0] for _, e, name in sample if e == "Kinh")
    assert kinh.most_common(1)[0][0] == "Nguyễn"
    assert 0.30 <= kinh["Nguyễn"] / kinh.total() <= 0.46
    tay_nung = Counter(name.split()[0] for _, e, name in sample if e in ("Tày", "Nùng"))
    assert tay_nung.most_common(1)[0][0] == "Hoàng"
    assert {"Nông", "Lương", "Vi", "Lộc", "Hà", "Lăng", "Mã", "Chu", "Triệu", "Hứa",
            "Lành"} <= set(tay_nung)
    assert len(tay_nung) >= 20  # many families, not a handful repeated


@pytest.mark.django_db
def test_the_demo_s_organisations_have_their_people_named_apart() -> None:
    from daihoi.demo import foundation
    from daihoi.orgs.models import Member, Organization

    foundation.load(None)
    city = Organization.objects.get(code=foundation.CITY_CODE)
    for org in Organization.objects.filter(parent=city):
        names = list(Member.objects.filter(organization__path__startswith=org.path)
                     .values_list("full_name", flat=True))
        assert len(set(names)) == len(names), org.name
        if len(names) <= 150:
            given = Counter(name.split()[-1] for name in names)
            assert given.most_common(1)[0][1] == 1, (org.name, given.most_common(3))
