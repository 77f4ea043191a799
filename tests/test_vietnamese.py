"""Vietnamese collation of names and dates in words (daihoi.lib.vietnamese)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from daihoi.lib.vietnamese import date_in_words, name_key, name_sort_string, sort_names


def test_given_name_decides_first() -> None:
    assert sort_names(["Nông Văn Minh", "Hoàng Thị Lan", "Vi Thị Hoa"]) == [
        "Vi Thị Hoa", "Hoàng Thị Lan", "Nông Văn Minh"]


def test_letters_follow_the_vietnamese_alphabet() -> None:
    # A Ă Â ... D Đ ... O Ô Ơ ... U Ư
    assert sort_names(["Lê Ân", "Lê Ăn", "Lê An"]) == ["Lê An", "Lê Ăn", "Lê Ân"]
    assert sort_names(["Trần Đức", "Trần Dũng"]) == ["Trần Dũng", "Trần Đức"]
    assert sort_names(["Hà Ơn", "Hà Ôn", "Hà On"]) == ["Hà On", "Hà Ôn", "Hà Ơn"]
    assert sort_names(["Vũ Ưng", "Vũ Ung"]) == ["Vũ Ung", "Vũ Ưng"]


def test_letters_before_tones() -> None:
    # "Ánh" and "Anh" share letters: tones only break the tie; "Anh" < "Ánh" < "Bình".
    assert sort_names(["Ngô Bình", "Ngô Ánh", "Ngô Anh"]) == ["Ngô Anh", "Ngô Ánh", "Ngô Bình"]
    # A shorter word comes first whatever its tone.
    assert sort_names(["Lê Anh", "Lê Án"]) == ["Lê Án", "Lê Anh"]


def test_then_middle_then_family_name() -> None:
    assert sort_names(["Lương Văn An", "Hoàng Văn An", "Hoàng Thị An"]) == [
        "Hoàng Thị An", "Hoàng Văn An", "Lương Văn An"]


VIET_WORDS = st.sampled_from([
    "An", "Ân", "Ăn", "Anh", "Ánh", "Ảnh", "Bình", "Đức", "Dũng", "Hoa", "Hòa", "Hỏa", "Lan",
    "Văn", "Thị", "Minh", "Ngọc", "Ơn", "Ôn", "Ưng", "Ung", "Yến", "Hoàng", "Nông", "Lương",
])


@given(st.lists(st.lists(VIET_WORDS, min_size=1, max_size=4).map(" ".join), max_size=30))
def test_stored_sort_string_orders_like_the_key(names: list[str]) -> None:
    assert sorted(names, key=name_key) == sorted(names, key=lambda n: (name_sort_string(n), n))


def test_dates_in_words_as_documents_write_them() -> None:
    assert date_in_words(dt.date(2010, 6, 30)) == "ngày 30 tháng 6 năm 2010"
    assert date_in_words(dt.date(2010, 1, 2)) == "ngày 02 tháng 01 năm 2010"
    assert date_in_words(dt.date(2009, 10, 30)) == "ngày 30 tháng 10 năm 2009"
