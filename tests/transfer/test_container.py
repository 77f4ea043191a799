"""The signed container under every kind of tampering: each is refused with a sentence."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from daihoi.transfer import container
from daihoi.transfer.container import ContainerError

KEY = Ed25519PrivateKey.generate()
OTHER = Ed25519PrivateKey.generate()
FILES = {"congress.json": b'{"held_on": "2010-06-14"}', "election-1.json": b'{"seats": 9}',
         "election-1-minutes.pdf": b"%PDF-1.4 minutes"}
FMT = "daihoi-package/1"


def trusted(kid: str) -> object:
    return KEY.public_key() if kid == container.key_id(KEY.public_key()) else None


def good() -> bytes:
    return container.write(FMT, {"sequence": 1, "kit_id": "k-1"}, FILES, KEY)


def members(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def rezip(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
    return buffer.getvalue()


def read(data: bytes) -> container.Container:
    return container.read(data, expected_format=FMT, trusted_key=trusted)  # type: ignore[arg-type]


def test_a_signed_container_reads_back_its_files_and_meta() -> None:
    opened = read(good())
    assert dict(opened.files) == FILES
    assert opened.meta == {"sequence": 1, "kit_id": "k-1"}
    assert opened.key_id == container.key_id(KEY.public_key())


def test_the_same_content_gives_the_same_bytes_and_digest() -> None:
    assert good() == good()
    assert read(good()).digest == read(good()).digest


def test_a_changed_file_is_refused_by_its_hash() -> None:
    parts = members(good())
    parts["election-1.json"] = b'{"seats": 8}'
    with pytest.raises(ContainerError, match="mã băm"):
        read(rezip(parts))


def test_a_changed_manifest_is_refused_by_the_signature() -> None:
    parts = members(good())
    manifest = json.loads(parts["manifest.json"])
    manifest["meta"]["sequence"] = 9
    parts["manifest.json"] = json.dumps(manifest).encode()
    with pytest.raises(ContainerError, match="Chữ ký không khớp"):
        read(rezip(parts))


def test_a_container_signed_by_another_key_is_refused() -> None:
    forged = container.write(FMT, {"sequence": 1}, FILES, OTHER)
    with pytest.raises(ContainerError, match="không được tin cậy"):
        read(forged)


def test_a_signature_swapped_from_another_container_is_refused() -> None:
    other = members(container.write(FMT, {"sequence": 2}, FILES, KEY))
    parts = members(good())
    parts["signature.json"] = other["signature.json"]
    with pytest.raises(ContainerError, match="Chữ ký không khớp"):
        read(rezip(parts))


def test_an_added_file_is_refused() -> None:
    parts = members(good())
    parts["election-2.json"] = b"{}"
    with pytest.raises(ContainerError, match=r"có thêm election-2\.json"):
        read(rezip(parts))


def test_a_removed_file_is_refused() -> None:
    parts = members(good())
    del parts["election-1-minutes.pdf"]
    with pytest.raises(ContainerError, match=r"thiếu election-1-minutes\.pdf"):
        read(rezip(parts))


@pytest.mark.parametrize("cut", [1, 30, 200, 0.5, 0.9])
def test_a_truncated_file_is_refused(cut: float) -> None:
    data = good()
    n = int(len(data) * cut) if isinstance(cut, float) else cut
    with pytest.raises(ContainerError):
        read(data[:n])


def test_a_container_of_another_kind_is_refused() -> None:
    kit = container.write("daihoi-kit/1", {}, FILES, KEY)
    with pytest.raises(ContainerError, match="không phải tệp loại"):
        read(kit)


@pytest.mark.parametrize("name", ["../etc/passwd", "a/b.json", "/abs.json", ".hidden"])
def test_a_member_with_a_path_is_refused(name: str) -> None:
    parts = members(good())
    parts[name] = b"x"
    with pytest.raises(ContainerError, match="tên không hợp lệ"):
        read(rezip(parts))


def test_a_zip_bomb_is_refused_before_it_is_inflated(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(container, "MAX_MEMBER_BYTES", 1000)
    big = container.write(FMT, {}, {"big.json": b"0" * 2000}, KEY)
    with pytest.raises(ContainerError, match="lớn quá"):
        read(big)


def test_not_a_zip_at_all_is_refused() -> None:
    with pytest.raises(ContainerError, match="không đọc được"):
        read(b"PK\x03\x04 not really")


@settings(max_examples=200)
@given(st.binary(max_size=4096))
def test_arbitrary_bytes_are_refused_with_a_sentence(data: bytes) -> None:
    with pytest.raises(ContainerError):
        read(data)


def test_every_single_byte_changed_is_refused_or_changes_nothing_signed() -> None:
    original = good()
    expected = read(original).digest
    for pos in range(len(original)):
        for value in (0x00, 0x41, 0xFF):
            data = bytearray(original)
            if data[pos] == value:
                continue
            data[pos] = value
            try:
                opened = read(bytes(data))
            except ContainerError:
                continue
            # A byte of ZIP bookkeeping that nothing reads (a timestamp, say) may change; the
            # signed content must then be exactly the original.
            assert dict(opened.files) == FILES, pos
            assert opened.digest == expected, pos
