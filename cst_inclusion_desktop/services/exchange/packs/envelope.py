"""The signed, encrypted envelope around a school pack (pack format 2).

Layout of the file::

    CST-INCLUSION-PACK/2\\n                 magic line
    4-byte length, header JSON             format, version, cipher suite, trust key fingerprint
    HPKE ciphertext                        RFC 9180 base mode, DHKEM(X25519, HKDF-SHA256),
                                           HKDF-SHA256, AES-256-GCM; info = magic + header

and inside, once decrypted::

    4-byte length, statement JSON          trust key, school (id, URN, name), school public key
                                           and fingerprint, sequence, created at, SHA-256 of the
                                           inner pack and its manifest's content digest
    64-byte Ed25519 signature              over "CST-INCLUSION-PACK-SIGNATURE/2\\n" + statement
    the inner pack                         the zip ``file_format`` writes and checks

Sign, then encrypt: the statement names the trust it is for, so a signed pack cannot be passed
on to another trust as if made for it, and nothing about the school shows without the trust's
key. The header is bound into the encryption (HPKE ``info``), so it cannot be changed either.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from typing import Any

from cryptography.exceptions import InvalidSignature, InvalidTag
from cryptography.hazmat.primitives import hpke
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519

from cst_inclusion_desktop.domain.errors import DatabaseError, ValidationError
from cst_inclusion_desktop.services.exchange.keys.key_files import (
    fingerprint,
    parse_school_public,
    public_text,
    raw_public,
)
from cst_inclusion_desktop.services.exchange.packs.file_format import (
    DIGEST_LENGTH,
    FORMAT,
    NOT_A_PACK,
    SEAL_PREFIX,
    dumps,
)

MAGIC = b"CST-INCLUSION-PACK/2\n"
ENVELOPE_VERSION = 2
SIGNATURE_CONTEXT = b"CST-INCLUSION-PACK-SIGNATURE/2\n"
SUITE_NAME = "HPKE base mode (RFC 9180): DHKEM(X25519, HKDF-SHA256), HKDF-SHA256, AES-256-GCM"
SUITE = hpke.Suite(hpke.KEM.X25519, hpke.KDF.HKDF_SHA256, hpke.AEAD.AES_256_GCM)
HEADER_LIMIT = 64 * 1024
STATEMENT_LIMIT = 64 * 1024
SIGNATURE_BYTES = 64
LENGTH_BYTES = 4
OLD_FORMAT = (
    "a signed, encrypted school pack (this one is in the old, unsigned and unencrypted "
    "format: the school must update CST Inclusion Desktop and export its pack again)"
)


@dataclass(frozen=True, slots=True)
class Opened:
    """A pack whose envelope decrypted and whose signature matched the key it names."""

    statement: dict[str, Any]
    inner: bytes
    school_key: str  # the one-line public key
    school_fingerprint: str


def statement_for(
    manifest: dict[str, Any],
    inner: bytes,
    content_sha256: str,
    signer: ed25519.Ed25519PublicKey,
    trust: x25519.X25519PublicKey,
    sequence: int,
) -> dict[str, Any]:
    """What the school signs: who made the pack, for whom, when, which one, and its digests."""
    return {
        "format": FORMAT,
        "format_version": ENVELOPE_VERSION,
        "trust_key_fingerprint": fingerprint(raw_public(trust)),
        "school": manifest["school"],
        "school_key": public_text(signer),
        "school_key_fingerprint": fingerprint(raw_public(signer)),
        "sequence": sequence,
        "created_at": manifest["created_at"],
        "pack_sha256": hashlib.sha256(inner).hexdigest(),
        "content_sha256": content_sha256,
    }


def seal(
    inner: bytes,
    statement: dict[str, Any],
    signer: ed25519.Ed25519PrivateKey,
    trust: x25519.X25519PublicKey,
) -> bytes:
    header = dumps(
        {
            "format": FORMAT,
            "format_version": ENVELOPE_VERSION,
            "encryption": SUITE_NAME,
            "trust_key_fingerprint": fingerprint(raw_public(trust)),
        }
    )
    signed = dumps(statement)
    signature = signer.sign(SIGNATURE_CONTEXT + signed)
    plaintext = _framed(signed) + signature + inner
    ciphertext = SUITE.encrypt(plaintext, trust, info=MAGIC + header)
    return MAGIC + _framed(header) + ciphertext


def open_envelope(raw: bytes, name: str, trust: x25519.X25519PrivateKey | None) -> Opened:
    """Decrypt and verify, or a one-line refusal saying why the pack cannot be used."""

    def refuse(expected: str) -> ValidationError:
        return ValidationError("pack", name, expected)

    if raw.startswith(b"PK\x03\x04"):
        seal_at = len(raw) - DIGEST_LENGTH
        if raw[seal_at - len(SEAL_PREFIX) : seal_at] == SEAL_PREFIX:
            raise refuse(OLD_FORMAT)
        return Opened({}, raw, "", "")  # not a pack at all: file_format says which kind
    if not raw.startswith(MAGIC):
        alike = sum(ours == theirs for ours, theirs in zip(MAGIC, raw[: len(MAGIC)], strict=False))
        if alike >= len(MAGIC) - 2:  # a byte or two changed: a damaged pack, not another file
            raise refuse(
                f"{NOT_A_PACK} (this one is damaged: its first line is wrong; ask for it to "
                "be exported again)"
            )
        raise refuse(f"{NOT_A_PACK} (this file is not a pack at all)")
    header_bytes, ciphertext = _unframe(raw[len(MAGIC) :], HEADER_LIMIT, refuse, "header")
    header = _json_object(header_bytes, refuse, "header")
    version = header.get("format_version")
    if header.get("format") != FORMAT or not isinstance(version, int):
        raise refuse(f"{NOT_A_PACK} (its header is not a pack's)")
    if version > ENVELOPE_VERSION or header.get("encryption") != SUITE_NAME:
        raise DatabaseError(
            f"{name} was made by a newer version of CST Inclusion Desktop (pack format "
            f"{version}); this version reads pack format {ENVELOPE_VERSION}. Install the newer "
            "version. Nothing was changed."
        )
    if trust is None:
        raise refuse(
            "a pack this database can decrypt (it has no trust key: packs are imported at the "
            "trust, in the database where `cst-inclusion keys init-trust` was run)"
        )
    ours = fingerprint(raw_public(trust.public_key()))
    theirs = str(header.get("trust_key_fingerprint", ""))
    if theirs != ours:
        raise refuse(
            f"a pack encrypted for this trust's key {ours} (this one is for key "
            f"{theirs[:19]}: another trust's, or a key this trust no longer uses)"
        )
    try:
        plaintext = SUITE.decrypt(ciphertext, trust, info=MAGIC + header_bytes)
    except (InvalidTag, ValueError) as error:
        raise refuse(
            "a pack that decrypts with this trust's key (this one was changed or damaged "
            "after it was written; ask for it to be exported again)"
        ) from error
    signed, rest = _unframe(plaintext, STATEMENT_LIMIT, refuse, "statement")
    signature, inner = rest[:SIGNATURE_BYTES], rest[SIGNATURE_BYTES:]
    statement = _json_object(signed, refuse, "statement")
    key_text = statement.get("school_key")
    school_key = parse_school_public(key_text if isinstance(key_text, str) else "", name)
    try:
        school_key.verify(signature, SIGNATURE_CONTEXT + signed)
    except InvalidSignature as error:
        raise refuse(
            "a pack signed by the school key it names (this one is unsigned, or its signature "
            "does not match: it was altered)"
        ) from error
    _check_statement(statement, inner, ours, refuse)
    return Opened(statement, inner, str(key_text), fingerprint(raw_public(school_key)))


def is_envelope(opened: Opened) -> bool:
    return bool(opened.statement)


def check_inner(opened: Opened, manifest: dict[str, Any], name: str) -> None:
    """The signed statement and the pack inside it describe the same school and content."""
    statement = opened.statement
    school = manifest.get("school")
    if (
        not isinstance(school, dict)
        or school.get("id") != statement["school"].get("id")
        or school.get("urn") != statement["school"].get("urn")
        or manifest.get("content_sha256") != statement.get("content_sha256")
    ):
        raise ValidationError(
            "pack", name, "a pack whose signed statement matches its contents (this one does not)"
        )


def _check_statement(
    statement: dict[str, Any], inner: bytes, trust_fingerprint: str, refuse: Any
) -> None:
    school = statement.get("school")
    sequence = statement.get("sequence")
    if (
        statement.get("format") != FORMAT
        or statement.get("format_version") != ENVELOPE_VERSION
        or not isinstance(school, dict)
        or not isinstance(school.get("urn"), str)
        or not isinstance(school.get("name"), str)
        or not isinstance(sequence, int)
        or isinstance(sequence, bool)
        or sequence < 1
        or not isinstance(statement.get("created_at"), str)
    ):
        raise refuse("a pack whose signed statement names its school, sequence and time")
    if statement.get("trust_key_fingerprint") != trust_fingerprint:
        raise refuse(
            f"a pack signed for this trust (key {trust_fingerprint}); this one was signed for "
            "another trust and passed on"
        )
    if hashlib.sha256(inner).hexdigest() != statement.get("pack_sha256"):
        raise refuse("a pack whose contents match its signed SHA-256 (this one does not)")


def _framed(body: bytes) -> bytes:
    return len(body).to_bytes(LENGTH_BYTES, "big") + body


def _unframe(raw: bytes, limit: int, refuse: Any, what: str) -> tuple[bytes, bytes]:
    size = int.from_bytes(raw[:LENGTH_BYTES], "big")
    if len(raw) < LENGTH_BYTES + size or size > limit:
        raise refuse(f"{NOT_A_PACK} (its {what} is truncated or damaged)")
    return raw[LENGTH_BYTES : LENGTH_BYTES + size], raw[LENGTH_BYTES + size :]


def _json_object(body: bytes, refuse: Any, what: str) -> dict[str, Any]:
    try:
        value = json.loads(body)
    except ValueError as error:
        raise refuse(f"{NOT_A_PACK} (its {what} cannot be read)") from error
    if not isinstance(value, dict):
        raise refuse(f"{NOT_A_PACK} (its {what} is not a pack's)")
    return value
