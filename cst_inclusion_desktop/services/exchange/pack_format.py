"""The school pack file: a zip that proves it is whole before anything is read from it.

Layout::

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

from cst_inclusion_desktop.domain.errors import DatabaseError, ValidationError
from cst_inclusion_desktop.services.files import read_input_file, write_atomically

FORMAT = "cst-inclusion-school-pack"
FORMAT_VERSION = 1
SEAL_PREFIX = b"CST-INCLUSION-PACK-SHA256:"
DIGEST_LENGTH = 64
MANIFEST, DATA, FRAMEWORK, BLOB_FOLDER = "manifest.json", "data.json", "framework.json", "blobs/"
PACK_LIMIT_BYTES = 4 * 1024 * 1024 * 1024
_FIXED_TIME = (2000, 1, 1, 0, 0, 0)  # entry times carry no meaning; keep them out of the bytes
NOT_A_PACK = "a school pack made by `cst-inclusion pack export`"


@dataclass(frozen=True, slots=True)
class PackContents:
    manifest: dict[str, Any]
    data: dict[str, Any]
    framework_text: str
    blobs: dict[str, bytes]
    sha256: str  # the seal: identifies this exact file


def dumps(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, indent=1).encode("utf-8")


def content_digest(files: dict[str, dict[str, Any]]) -> str:
    lines = "".join(
        f"{name}\0{entry['sha256']}\0{entry['size']}\n" for name, entry in sorted(files.items())
    )
    return hashlib.sha256(lines.encode("utf-8")).hexdigest()


def write_pack(
    out: Path,
    manifest: dict[str, Any],
    data: dict[str, Any],
    framework_text: str,
    blobs: dict[str, bytes],
) -> str:
    """Write the pack atomically; return its seal (the SHA-256 in its last 64 bytes)."""
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
    raw = buffer.getvalue()[:-DIGEST_LENGTH]
    seal = hashlib.sha256(raw).hexdigest()
    write_atomically(out, raw + seal.encode("ascii"))
    return seal


def read_pack(path: Path) -> PackContents:
    """The verified contents of a pack, or a clear error saying why it cannot be used."""
    raw = read_input_file(path, "pack", limit=PACK_LIMIT_BYTES)
    name = path.name

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
            manifest = json.loads(archive.read(MANIFEST))
            _check_manifest(manifest, name)
            bodies = {entry: archive.read(entry) for entry in manifest["files"]}
            extra = set(archive.namelist()) - set(bodies) - {MANIFEST}
    except (zipfile.BadZipFile, zlib.error, KeyError, ValueError, TypeError, EOFError) as error:
        raise refuse(f"{NOT_A_PACK} (its contents cannot be read: {error})") from error
    if extra:
        raise refuse(f"a pack listing every file it holds (unlisted: {sorted(extra)[0]})")
    for entry, body in bodies.items():
        if hashlib.sha256(body).hexdigest() != manifest["files"][entry]["sha256"]:
            raise refuse(f"a pack whose files match its manifest ({entry} does not)")
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
    if not isinstance(manifest.get("files"), dict):
        raise ValidationError("pack", name, f"{NOT_A_PACK} (its manifest lists no files)")


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
