"""Vietnamese text: collation of names and dates written in words.

Collation follows the order used on ballots and in registers: the alphabet
A Ă Â B C D Đ E Ê G H I K L M N O Ô Ơ P Q R S T U Ư V X Y, letters before
tones (a word's letters decide first; its tones only break ties). Names sort
by the given name (the last word), then the middle names, then the family name.
"""

from __future__ import annotations

import datetime as dt
import unicodedata

ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_RANK = {ch: i for i, ch in enumerate(ALPHABET)}

# Combining marks that make a new letter (kept with the base) ...
_LETTER_MARKS = {"\u0306", "\u0302", "\u031b"}  # breve, circumflex, horn
# ... and those that are tones, in dictionary order: none, huyền, hỏi, ngã, sắc, nặng.
_TONE_RANK = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}


def _split_letters(word: str) -> tuple[list[str], list[int]]:
    """Split a word into its letters (with breve/circumflex/horn) and its tones."""
    letters: list[str] = []
    tones: list[int] = []
    for ch in unicodedata.normalize("NFD", word.lower()):
        if ch in _TONE_RANK:
            if tones:
                tones[-1] = _TONE_RANK[ch]
            continue
        if ch in _LETTER_MARKS and letters:
            letters[-1] = unicodedata.normalize("NFC", letters[-1] + ch)
            continue
        letters.append(ch)
        tones.append(0)
    return letters, tones


def word_key(word: str) -> tuple[tuple[int, ...], tuple[int, ...]]:
    """Sort key of one word: letter ranks first, tones second."""
    letters, tones = _split_letters(word)
    ranks = []
    for letter in letters:
        rank = _LETTER_RANK.get(letter)
        # Letters outside the Vietnamese alphabet (f, j, w, z, digits) sort after y by code point.
        ranks.append(rank if rank is not None else len(ALPHABET) + ord(letter))
    return tuple(ranks), tuple(tones)


def text_key(text: str) -> tuple[tuple[tuple[int, ...], ...], tuple[tuple[int, ...], ...]]:
    """Sort key of a phrase, word by word: all letters decide before any tone."""
    keys = [word_key(w) for w in text.split()]
    return tuple(k[0] for k in keys), tuple(k[1] for k in keys)


def name_key(full_name: str) -> tuple[object, ...]:
    """Sort key of a full name: given name, then middle names, then family name.

    The full original string ends the key so that the order is total and stable.
    """
    words = unicodedata.normalize("NFC", full_name).split()
    if not words:
        return ((), (), (), (), full_name)
    given = words[-1]
    family = words[0] if len(words) > 1 else ""
    middle = " ".join(words[1:-1])
    g, m, f = word_key(given), text_key(middle), text_key(family)
    # Letters of all three parts decide before any tone does.
    return (g[0], m[0], f[0], (g[1], m[1], f[1]), full_name)


def sort_names(names: list[str]) -> list[str]:
    return sorted(names, key=name_key)


def given_name(full_name: str) -> str:
    words = full_name.split()
    return words[-1] if words else ""


def date_in_words(day: dt.date) -> str:
    """'ngày 30 tháng 6 năm 2010', as documents write dates.

    Days and months under 10 take a leading zero only for 1 and 2
    (ngày 01, tháng 01, tháng 02), as administrative documents do.
    """
    d = f"{day.day:02d}" if day.day < 3 else str(day.day)
    m = f"{day.month:02d}" if day.month < 3 else str(day.month)
    return f"ngày {d} tháng {m} năm {day.year}"


def short_date(day: dt.date) -> str:
    """'30/6/2010'."""
    return f"{day.day}/{day.month}/{day.year}"


def name_sort_string(full_name: str) -> str:
    """A string whose plain (code point) order is the Vietnamese order of ``name_key``.

    Stored beside a name so that the database can sort and page in Vietnamese order.
    Each letter is four hex digits and a space ends each word (lower than any digit, so a
    shorter word sorts first); '!' ends the middle names (so fewer of them sort first);
    the tones of every letter follow '#', after all the letters.
    """
    words = unicodedata.normalize("NFC", full_name).split()
    if not words:
        return ""
    ordered = [words[-1], *words[1:-1]] + ([words[0]] if len(words) > 1 else [])
    keys = [word_key(w) for w in ordered]
    encoded = ["".join(f"{r:04x}" for r in letters) + " " for letters, _ in keys]
    n_middle = max(len(words) - 2, 0)
    letters_part = encoded[0] + "".join(encoded[1 : 1 + n_middle]) + "!" + "".join(
        encoded[1 + n_middle :]
    )
    tones_part = "".join(str(t) for _, tones in keys for t in tones)
    return (letters_part + "#" + tones_part)[:600]
