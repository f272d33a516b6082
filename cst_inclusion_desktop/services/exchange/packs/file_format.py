"""The inner school pack: a zip that proves it is whole before anything is read from it.

It travels inside a signed, encrypted envelope (``envelope.py``); this module writes and checks
the zip itself. Layout::

    manifest.json      format, app and schema versions, school, and the SHA-256 of every file
    data.json          the school row, its actions, evidence, reviews and their audit events
    framework.json     the framework in the `framework export` format
    blobs/<sha256>     evidence file bytes, one per distinct content

The zip's comment is ``CST-INCLUSION-PACK-SHA256:`` followed by the SHA-256 (hex) of every byte
before that hex digest, so any changed, missing or added byte anywhere in the file — including
zip headers the manifest cannot see — is caught before the pack is opened. The manifest's
``content_sha256`` then ties the listed files together.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from cst_inclusion_desktop.domain.anchor import Anchor
from cst_inclusion_desktop.domain.errors import DatabaseError, ValidationError
from cst_inclusion_desktop.services.files import read_input_file

FORMAT = "cst-inclusion-school-pack"
FORMAT_VERSION = 1
SEAL_PREFIX = b"CST-INCLUSION-PACK-SHA256:"
DIGEST_LENGTH = 64
MANIFEST, DATA, FRAMEWORK, BLOB_FOLDER = "manifest.json", "data.json", "framework.json", "blobs/"
PACK_LIMIT_BYTES = 4 * 1024 * 1024 * 1024
BLOB_LIMIT_BYTES = 1024 * 1024 * 1024
MEMBER_LIMITS = {
    MANIFEST: 64 * 1024 * 1024,  # it lists every blob: 100 bytes each
    DATA: 1024 * 1024 * 1024,
    FRAMEWORK: 16 * 1024 * 1024,
}
READ_CHUNK = 1024 * 1024
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # entry times carry no meaning; keep them out of the bytes
NOT_A_PACK = "a school pack made by `cst-inclusion pack export`"


@dataclass(frozen=True, slots=True)
class PackContents:
    manifest: dict[str, Any]
    data: dict[str, Any]
    framework_text: str
    blobs: dict[str, bytes]
    sha256: str  # the seal: identifies this exact file


def anchor_field(anchor: Anchor) -> dict[str, Any]:
    """The manifest's ``audit_anchor``: the exporting database's chain head when it was made."""
    return {"audit_anchor": {"seq": anchor.seq, "hash": anchor.hash, "at": anchor.at.isoformat()}}


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def content_digest(files: dict[str, dict[str, Any]]) -> str:
    lines = "".join(
        f"{name}\0{entry['sha256']}\0{entry['size']}\n" for name, entry in sorted(files.items())
    )
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class BuiltPack:
    raw: bytes
    seal: str  # the SHA-256 in its last 64 bytes
    content_sha256: str


def build_pack(
    manifest: dict[str, Any],
    data: dict[str, Any],
    framework_text: str,
    blobs: dict[str, bytes],
) -> BuiltPack:
    """The inner pack's bytes, its seal and its manifest's content digest."""
    files = {DATA: dumps(data), FRAMEWORK: framework_text.encode("utf-8")}
    files |= {BLOB_FOLDER + sha: blob for sha, blob in sorted(blobs.items())}
    listing = {
        name: {"sha256": hashlib.sha256(body).hexdigest(), "size": len(body)}
        for name, body in files.items()
    }
    full_manifest = manifest | {
        "format": FORMAT,
        "format_version": FORMAT_VERSION,
        "files": listing,
        "content_sha256": content_digest(listing),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, body in [(MANIFEST, dumps(full_manifest)), *files.items()]:
            archive.writestr(zipfile.ZipInfo(name, _FIXED_TIME), body, zipfile.ZIP_DEFLATED)
        archive.comment = SEAL_PREFIX + b"0" * DIGEST_LENGTH
    sealed, seal = seal_bytes(buffer.getvalue())
    return BuiltPack(sealed, seal, full_manifest["content_sha256"])


def seal_bytes(raw: bytes) -> tuple[bytes, str]:
    """A zip whose comment ends in a placeholder digest, with the real seal put in its place."""
    body = raw[:-DIGEST_LENGTH]
    seal = hashlib.sha256(body).hexdigest()
    return body + seal.encode("ascii"), seal


@dataclass(frozen=True, slots=True)
class PackLimits:
    """How much a pack may unpack to: checked against each member's declared size first."""

    blob: int = BLOB_LIMIT_BYTES
    total: int = PACK_LIMIT_BYTES


def read_pack_file(path: Path) -> bytes:
    return read_input_file(path, "pack", limit=PACK_LIMIT_BYTES)


def read_pack(raw: bytes, name: str, limits: PackLimits | None = None) -> PackContents:
    """The verified contents of an inner pack, or a clear error saying why it cannot be used."""
    limits = limits or PackLimits()

    def refuse(expected: str) -> ValidationError:
        return ValidationError("pack", name, expected)

    if not raw.startswith(b"PK\x03\x04"):
        raise refuse(f"{NOT_A_PACK} (this file is not a pack at all)")
    seal_at = len(raw) - DIGEST_LENGTH
    if raw[seal_at - len(SEAL_PREFIX) : seal_at] != SEAL_PREFIX:
        if _opens_as_zip(raw):
            raise refuse(f"{NOT_A_PACK} (this is a zip file, but not a school pack)")
        raise refuse(f"{NOT_A_PACK} (this one is truncated or damaged: its end is missing)")
    seal = raw[seal_at:].decode("ascii", "replace")
    if hashlib.sha256(raw[:seal_at]).hexdigest() != seal:
        raise refuse(
            "a pack whose bytes match its SHA-256 seal (this one was changed or damaged "
            "after it was written; ask for it to be exported again)"
        )
    try:
        with zipfile.ZipFile(io.BytesIO(raw)) as archive:
            members = _members(archive, name, limits)
            manifest = json.loads(_read_member(archive, members[MANIFEST], name))
            _check_manifest(manifest, name)
            listed = set(manifest["files"])
            if listed != set(members) - {MANIFEST}:
                odd = sorted(listed ^ (set(members) - {MANIFEST}))[0]
                raise refuse(f"a pack whose manifest lists exactly its files (not so for {odd})")
            bodies = {entry: _read_member(archive, members[entry], name) for entry in listed}
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, EOFError) as error:
        raise refuse(f"{NOT_A_PACK} (its contents cannot be read: {error})") from error
    for entry, body in bodies.items():
        if hashlib.sha256(body).hexdigest() != manifest["files"][entry]["sha256"]:
            raise refuse(f"a pack whose files match its manifest ({entry} does not)")
        if entry.startswith(BLOB_FOLDER) and hashlib.sha256(body).hexdigest() != entry[6:]:
            raise refuse(f"a pack whose files hash to their names ({entry} does not)")
    if content_digest(manifest["files"]) != manifest.get("content_sha256"):
        raise refuse("a pack whose manifest matches its content_sha256")
    try:
        data = json.loads(bodies[DATA])
        framework_text = bodies[FRAMEWORK].decode("utf-8")
    except (KeyError, ValueError) as error:
        raise refuse(f"{NOT_A_PACK} (its data cannot be read: {error})") from error
    blobs = {
        entry.removeprefix(BLOB_FOLDER): body
        for entry, body in bodies.items()
        if entry.startswith(BLOB_FOLDER)
    }
    return PackContents(manifest, data, framework_text, blobs, seal)


def _members(archive: zipfile.ZipFile, name: str, limits: PackLimits) -> dict[str, zipfile.ZipInfo]:
    """The pack's members by name: each expected, none twice, each within its size limit."""
    members: dict[str, zipfile.ZipInfo] = {}
    total = 0
    for info in archive.infolist():
        member = info.filename
        where = f"{name}: {member}"
        if member in members:
            raise ValidationError(
                "member", where, "each file once in a pack (this one is repeated)"
            )
        limit = _member_limit(member, limits)
        if limit is None:
            raise ValidationError(
                "member",
                where,
                "only manifest.json, data.json, framework.json and blobs/<sha256> in a pack",
            )
        if info.flag_bits & 0x1:
            raise ValidationError("member", where, "an unencrypted file")
        if info.file_size > limit:
            raise ValidationError(
                "member",
                where,
                f"a file that unpacks to at most {limit:,} bytes "
                f"(this one declares {info.file_size:,})",
            )
        total += info.file_size
        if total > limits.total:
            raise ValidationError(
                "pack", name, f"a pack that unpacks to at most {limits.total:,} bytes in all"
            )
        members[member] = info
    if MANIFEST not in members:
        raise ValidationError("pack", name, f"{NOT_A_PACK} (it has no manifest.json)")
    return members


def _member_limit(member: str, limits: PackLimits) -> int | None:
    if member in MEMBER_LIMITS:
        return MEMBER_LIMITS[member]
    digest = member.removeprefix(BLOB_FOLDER)
    if member.startswith(BLOB_FOLDER) and len(digest) == DIGEST_LENGTH and _is_hex(digest):
        return limits.blob
    return None


def _read_member(archive: zipfile.ZipFile, info: zipfile.ZipInfo, name: str) -> bytes:
    """Stream the member, stopping hard past its declared size (never trust one read())."""
    chunks: list[bytes] = []
    size = 0
    with archive.open(info) as member:
        while chunk := member.read(READ_CHUNK):
            size += len(chunk)
            if size > info.file_size:
                raise ValidationError(
                    "member", f"{name}: {info.filename}", "a file no larger than it declares"
                )
            chunks.append(chunk)
    return b"".join(chunks)


def _is_hex(text: str) -> bool:
    return all(char in "0123456789abcdef" for char in text)


def _check_manifest(manifest: Any, name: str) -> None:
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise ValidationError("pack", name, f"{NOT_A_PACK} (its manifest is not a pack's)")
    version = manifest.get("format_version")
    schema = str(manifest.get("schema_version", ""))
    if not isinstance(version, int) or version > FORMAT_VERSION or schema not in known_schemas():
        raise DatabaseError(
            f"{name} was made by a newer version of CST Inclusion Desktop (pack format "
            f"{version}, schema {schema}); this version reads pack format {FORMAT_VERSION} "
            f"and schema {schema_version()}. Install the newer version. Nothing was changed."
        )
    files = manifest.get("files")
    if not isinstance(files, dict):
        raise ValidationError("pack", name, f"{NOT_A_PACK} (its manifest lists no files)")
    for entry, listed in files.items():
        if not (
            isinstance(listed, dict)
            and isinstance(listed.get("sha256"), str)
            and isinstance(listed.get("size"), int)
        ):
            raise ValidationError(
                "pack", name, f"a manifest giving the sha256 and size of each file (not {entry})"
            )


def _opens_as_zip(raw: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(raw)):
            return True
    except (zipfile.BadZipFile, ValueError, EOFError):
        return False


def schema_version() -> str:
    from cst_inclusion_desktop.store.migrate import head_revision

    return head_revision()


def known_schemas() -> set[str]:
    from cst_inclusion_desktop.store.migrate import known_revisions

    return set(known_revisions())
