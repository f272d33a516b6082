"""The key files beside a database, and the short texts that show and carry public keys.

``<database>.signing-key`` holds the database's Ed25519 private key (PKCS#8 PEM) and
``<database>.trust-key`` the trust's X25519 private key. Both are written through a private
temporary file (mode 0600) renamed into place, so they are readable by their owner only and
never half-written. Public keys travel as one line: a prefix and the base64 of the raw 32 bytes.
A fingerprint is the first 16 hex digits of the SHA-256 of those raw bytes, in four groups.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
from pathlib import Path

from cryptography.exceptions import UnsupportedAlgorithm
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from cryptography.hazmat.primitives.asymmetric.types import PrivateKeyTypes

from cst_inclusion_desktop.domain.errors import DatabaseError, ValidationError
from cst_inclusion_desktop.services.files import read_input_file, write_atomically

SIGNING_SUFFIX = ".signing-key"
TRUST_SUFFIX = ".trust-key"
SCHOOL_KEY_PREFIX = "cst-school-key:"
TRUST_KEY_PREFIX = "cst-trust-key:"
KEY_BYTES = 32
KEY_FILE_LIMIT = 64 * 1024


def signing_key_path(database: Path) -> Path:
    return database.with_name(database.name + SIGNING_SUFFIX)


def trust_key_path(database: Path) -> Path:
    return database.with_name(database.name + TRUST_SUFFIX)


def fingerprint(raw_public: bytes) -> str:
    """Four groups of four hex digits: short enough to read out on the phone, and compare."""
    digest = hashlib.sha256(raw_public).hexdigest()[:16].upper()
    return "-".join(digest[start : start + 4] for start in range(0, 16, 4))


def clean_fingerprint(text: str, field: str = "fingerprint") -> str:
    """A fingerprint as typed (any case, with or without dashes or spaces), in its shown form."""
    digits = "".join(char for char in str(text) if char not in "-: ").upper()
    if len(digits) != 16 or any(char not in "0123456789ABCDEF" for char in digits):
        raise ValidationError(field, text, "a key fingerprint like 3F2A-91BC-0D4E-7781")
    return "-".join(digits[start : start + 4] for start in range(0, 16, 4))


def raw_public(key: ed25519.Ed25519PublicKey | x25519.X25519PublicKey) -> bytes:
    return key.public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_text(key: ed25519.Ed25519PublicKey | x25519.X25519PublicKey) -> str:
    prefix = TRUST_KEY_PREFIX if isinstance(key, x25519.X25519PublicKey) else SCHOOL_KEY_PREFIX
    return prefix + base64.b64encode(raw_public(key)).decode("ascii")


def parse_trust_public(text: str, where: str) -> x25519.X25519PublicKey:
    """The trust's public key from its one-line text (config, framework file)."""
    raw = _decode(text, TRUST_KEY_PREFIX, "trust_public_key", where)
    return x25519.X25519PublicKey.from_public_bytes(raw)


def parse_school_public(text: str, where: str) -> ed25519.Ed25519PublicKey:
    raw = _decode(text, SCHOOL_KEY_PREFIX, "school_key", where)
    return ed25519.Ed25519PublicKey.from_public_bytes(raw)


def _decode(text: object, prefix: str, field: str, where: str) -> bytes:
    expected = f"'{prefix}' and 44 base64 characters (a public key)"
    if not isinstance(text, str) or not text.strip().startswith(prefix):
        raise ValidationError(field, text, expected, where=where)
    try:
        raw = base64.b64decode(text.strip().removeprefix(prefix), validate=True)
    except (binascii.Error, ValueError) as error:
        raise ValidationError(field, text, expected, where=where) from error
    if len(raw) != KEY_BYTES:
        raise ValidationError(field, text, expected, where=where)
    return raw


def load_signing_key(database: Path) -> ed25519.Ed25519PrivateKey | None:
    key = _load(signing_key_path(database))
    if key is not None and not isinstance(key, ed25519.Ed25519PrivateKey):
        raise _not_a_key(signing_key_path(database), "an Ed25519 signing key")
    return key


def signing_key(database: Path) -> ed25519.Ed25519PrivateKey:
    """The database's signing key, made (and saved beside it) the first time it is needed."""
    existing = load_signing_key(database)
    if existing is not None:
        return existing
    made = ed25519.Ed25519PrivateKey.generate()
    _save(signing_key_path(database), made)
    return made


def load_trust_key(database: Path) -> x25519.X25519PrivateKey | None:
    key = _load(trust_key_path(database))
    if key is not None and not isinstance(key, x25519.X25519PrivateKey):
        raise _not_a_key(trust_key_path(database), "an X25519 trust key")
    return key


def create_trust_key(database: Path) -> x25519.X25519PrivateKey:
    path = trust_key_path(database)
    if path.exists():
        raise ValidationError(
            "trust key",
            str(path),
            "no trust key yet (this trust already has one; its schools encrypt to it, so it "
            "is never replaced silently — `keys show` prints its public key)",
        )
    made = x25519.X25519PrivateKey.generate()
    _save(path, made)
    return made


def _save(path: Path, key: ed25519.Ed25519PrivateKey | x25519.X25519PrivateKey) -> None:
    pem = key.private_bytes(
        serialization.Encoding.PEM,
        serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption(),
    )
    write_atomically(path, pem)  # through mkstemp: the file is the user's alone (0600)


def _load(path: Path) -> PrivateKeyTypes | None:
    if not path.exists():
        return None
    pem = read_input_file(path, "key file", limit=KEY_FILE_LIMIT)
    try:
        return serialization.load_pem_private_key(pem, password=None)
    except (ValueError, TypeError, UnsupportedAlgorithm) as error:
        raise _not_a_key(path, "a key file written by CST Inclusion Desktop") from error


def _not_a_key(path: Path, expected: str) -> DatabaseError:
    return DatabaseError(
        f"{path} is not {expected}: it was changed or damaged. Restore it from the copy IT "
        "keeps, or move it away to make a new key (then the trust must re-register it)."
    )
