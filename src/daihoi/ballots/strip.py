"""The machine-readable code strip printed at the foot of every ballot.

64 cells, dark for 1: the 48-bit election code, 2 bits for the paper size, 6 reserved zero
bits and an 8-bit check (the first byte of the SHA-256 of the first 56 bits). A strip read
with one wrong cell fails the check, so a ballot is never matched to the wrong election.
"""

from __future__ import annotations

import hashlib

from daihoi.ballots.document import CODE_BITS

_PAPER_BITS = {"A4": (0, 1), "A5": (1, 0)}


def _check(bits: list[int]) -> list[int]:
    payload = int("".join(map(str, bits)), 2).to_bytes(7, "big")
    byte = hashlib.sha256(payload).digest()[0]
    return [(byte >> (7 - i)) & 1 for i in range(8)]


def encode(code: str, paper: str) -> list[int]:
    value = int(code, 16)
    bits = [(value >> (CODE_BITS - 1 - i)) & 1 for i in range(CODE_BITS)]
    bits += list(_PAPER_BITS[paper]) + [0] * 6
    return bits + _check(bits)


def decode(bits: list[int]) -> tuple[str, str] | None:
    """``(code, paper)`` from 64 read bits, or ``None`` when the check fails."""
    if len(bits) != 64 or any(b not in (0, 1) for b in bits):
        return None
    if _check(bits[:56]) != bits[56:] or any(bits[50:56]):
        return None
    paper = next((p for p, pb in _PAPER_BITS.items() if tuple(bits[48:50]) == pb), None)
    if paper is None:
        return None
    value = int("".join(map(str, bits[:CODE_BITS])), 2)
    return f"{value:0{CODE_BITS // 4}x}", paper
