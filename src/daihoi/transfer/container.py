"""The signed file that carries a congress between the superior's server and a hall laptop.

Pure: no Django import. A container is a ZIP archive with exactly these members:

- ``manifest.json``: ``{"format": ..., "meta": {...}, "files": {name: {"sha256", "size"}}}``;
- ``signature.json``: ``{"algorithm": "ed25519", "key_id": ..., "signature": base64}``, the
  Ed25519 signature of the manifest's exact bytes;
- every file the manifest names, and nothing else.

Reading checks, in this order and before anything is used: the archive's size and member count,
each member's declared size (so a ZIP bomb is refused before it is inflated), the member names
(no folders, no ``..``, no duplicates), the signature against the key the caller trusts for that
key id, then each file's size and SHA-256 against the signed manifest. Any failure raises
``ContainerError`` with a Vietnamese sentence saying what is wrong; nothing is half-read.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

MANIFEST = "manifest.json"
SIGNATURE = "signature.json"

# Limits checked before anything is inflated. A congress's package holds a few minutes PDFs,
# election documents and at most a few thousand ballot-image hashes: far below these.
MAX_ARCHIVE_BYTES = 256 * 1024 * 1024
MAX_MEMBERS = 2_000
MAX_MEMBER_BYTES = 64 * 1024 * 1024
MAX_MANIFEST_BYTES = 4 * 1024 * 1024
_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,119}$")


# What a damaged archive can raise while a member is read (bad lengths, a bad deflate stream,
# an encrypted or unknown compression method).
_BROKEN = (zipfile.BadZipFile, OSError, EOFError, zlib.error, NotImplementedError,
           RuntimeError, ValueError)


class ContainerError(Exception):
    """The file cannot be trusted or read; the message says why, in Vietnamese."""


@dataclass(frozen=True)
class Container:
    format: str
    meta: Mapping[str, Any]
    files: Mapping[str, bytes]
    key_id: str
    # SHA-256 of the signed manifest: names this exact container (idempotent imports).
    digest: str

    def json(self, name: str) -> Any:
        try:
            return json.loads(self.files[name])
        except KeyError:
            raise ContainerError(f"Tệp thiếu phần “{name}”.") from None
        except (ValueError, RecursionError):
            raise ContainerError(f"Phần “{name}” của tệp không phải JSON hợp lệ.") from None


def key_id(public_key: Ed25519PublicKey) -> str:
    """A short, stable name of a public key: the first 16 bytes of the SHA-256 of its raw form,
    in hex groups of four (what a person compares with the printed one)."""
    raw = public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)
    h = hashlib.sha256(raw).hexdigest()[:32].upper()
    return "-".join(h[i:i + 4] for i in range(0, 32, 4))


def public_key_text(public_key: Ed25519PublicKey) -> str:
    return base64.b64encode(public_key.public_bytes(Encoding.Raw, PublicFormat.Raw)).decode()


def public_key_from_text(text: str) -> Ed25519PublicKey:
    try:
        raw = base64.b64decode(text, validate=True)
        return Ed25519PublicKey.from_public_bytes(raw)
    except ValueError:
        raise ContainerError("Khóa công khai trong tệp không hợp lệ.") from None


def _canonical(obj: Any) -> bytes:
    return json.dumps(obj, ensure_ascii=False, sort_keys=True, separators=(",", ":")).encode()


def write(format: str, meta: Mapping[str, Any], files: Mapping[str, bytes],
          private_key: Ed25519PrivateKey) -> bytes:
    """The container's bytes: files listed with their hashes in a manifest signed by the key."""
    for name in files:
        if not _NAME.match(name) or name in (MANIFEST, SIGNATURE):
            raise ValueError(f"bad member name {name!r}")
    manifest = _canonical({
        "format": format,
        "meta": dict(meta),
        "files": {name: {"sha256": hashlib.sha256(data).hexdigest(), "size": len(data)}
                  for name, data in sorted(files.items())},
    })
    signature = {
        "algorithm": "ed25519",
        "key_id": key_id(private_key.public_key()),
        "signature": base64.b64encode(private_key.sign(manifest)).decode(),
    }
    buffer = io.BytesIO()
    # A fixed timestamp: the same content gives the same bytes.
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for name, data in [(MANIFEST, manifest), (SIGNATURE, _canonical(signature)),
                           *sorted(files.items())]:
            info = zipfile.ZipInfo(name, date_time=(2000, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buffer.getvalue()


def _inflate(zf: zipfile.ZipFile, info: zipfile.ZipInfo, limit: int) -> bytes:
    if info.file_size > limit:
        raise ContainerError(f"Phần “{info.filename}” của tệp lớn quá mức cho phép.")
    try:
        with zf.open(info) as fh:
            data = fh.read(limit + 1)
    except _BROKEN:
        raise ContainerError(f"Phần “{info.filename}” của tệp bị hỏng hoặc bị cắt.") from None
    if len(data) > limit or len(data) != info.file_size:
        raise ContainerError(f"Phần “{info.filename}” của tệp bị hỏng hoặc bị cắt.")
    return data


def read(data: bytes, *, expected_format: str,
         trusted_key: Callable[[str], Ed25519PublicKey | None]) -> Container:
    """Open and verify a container. ``trusted_key(key_id)`` returns the public key the caller
    trusts under that id, or None when it trusts none (the file is then refused)."""
    if len(data) > MAX_ARCHIVE_BYTES:
        raise ContainerError("Tệp lớn quá mức cho phép.")
    try:
        zf = zipfile.ZipFile(io.BytesIO(data))
        infos = zf.infolist()
    except _BROKEN:
        raise ContainerError(
            "Tệp không đọc được (không phải tệp của daihoi, hoặc đã bị cắt hay hỏng).") from None
    with zf:
        if len(infos) > MAX_MEMBERS:
            raise ContainerError("Tệp có quá nhiều phần.")
        names = [i.filename for i in infos]
        if len(set(names)) != len(names):
            raise ContainerError("Tệp có hai phần trùng tên: tệp đã bị sửa.")
        if any(not _NAME.match(n) for n in names):
            raise ContainerError("Tệp có phần mang tên không hợp lệ: tệp đã bị sửa.")
        by_name = {i.filename: i for i in infos}
        if MANIFEST not in by_name or SIGNATURE not in by_name:
            raise ContainerError("Tệp thiếu bản kê hoặc chữ ký: không phải tệp của daihoi.")
        manifest_bytes = _inflate(zf, by_name[MANIFEST], MAX_MANIFEST_BYTES)
        try:
            signature = json.loads(_inflate(zf, by_name[SIGNATURE], 4096))
        except (ValueError, RecursionError):
            raise ContainerError("Chữ ký của tệp bị hỏng.") from None
        if not isinstance(signature, dict) or signature.get("algorithm") != "ed25519":
            raise ContainerError("Chữ ký của tệp không đúng dạng.")
        kid = signature.get("key_id")
        public = trusted_key(kid) if isinstance(kid, str) else None
        if public is None:
            raise ContainerError(
                "Tệp được ký bằng một khóa không được tin cậy ở đây (không phải khóa của cấp "
                "trên, hoặc không phải khóa cấp cho đại hội này).")
        try:
            public.verify(base64.b64decode(str(signature.get("signature", "")), validate=True),
                          manifest_bytes)
        except (InvalidSignature, ValueError):
            raise ContainerError(
                "Chữ ký không khớp với nội dung: tệp đã bị sửa sau khi ký.") from None
        # Parsed only once its signature holds.
        try:
            manifest = json.loads(manifest_bytes)
        except (ValueError, RecursionError):
            raise ContainerError("Bản kê của tệp bị hỏng.") from None
        if not isinstance(manifest, dict) or manifest.get("format") != expected_format:
            raise ContainerError(
                f"Đây không phải tệp loại “{expected_format}” (tệp ghi: "
                f"“{manifest.get('format') if isinstance(manifest, dict) else '?'}”).")
        listed = manifest.get("files")
        meta = manifest.get("meta")
        if not isinstance(listed, dict) or not isinstance(meta, dict):
            raise ContainerError("Bản kê của tệp không đúng dạng.")
        present = set(names) - {MANIFEST, SIGNATURE}
        if present != set(listed):
            missing = sorted(set(listed) - present)
            extra = sorted(present - set(listed))
            what = (f"thiếu {', '.join(missing)}" if missing else
                    f"có thêm {', '.join(extra)}")
            raise ContainerError(f"Nội dung tệp không khớp bản kê ({what}).")
        files: dict[str, bytes] = {}
        for name, entry in listed.items():
            if not isinstance(entry, dict):
                raise ContainerError("Bản kê của tệp không đúng dạng.")
            content = _inflate(zf, by_name[name], MAX_MEMBER_BYTES)
            if (len(content) != entry.get("size")
                    or hashlib.sha256(content).hexdigest() != entry.get("sha256")):
                raise ContainerError(f"Phần “{name}” không khớp mã băm đã ký: tệp đã bị sửa.")
            files[name] = content
    return Container(format=expected_format, meta=meta, files=files, key_id=str(kid),
                     digest=hashlib.sha256(manifest_bytes).hexdigest())
