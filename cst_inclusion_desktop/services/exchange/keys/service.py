"""Pack keys as the app and the command line see them: show, make the trust's, register.

The trust's public key reaches a school by the machine-wide config IT deploys (key
``trust_public_key``, which wins) or in the framework file the trust exports; the latter is
remembered in the school's database (setting ``trust_public_key``, audited when it changes).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from sqlalchemy import select
from sqlalchemy.engine import URL
from sqlalchemy.orm import Session

from cst_inclusion_desktop import paths
from cst_inclusion_desktop.domain.enums import Operation
from cst_inclusion_desktop.domain.errors import ValidationError
from cst_inclusion_desktop.domain.text import safe_file_name
from cst_inclusion_desktop.domain.validation import clean_urn
from cst_inclusion_desktop.services.context import AppContext
from cst_inclusion_desktop.services.exchange.keys import key_files, registry
from cst_inclusion_desktop.services.safety.audit import AuditTrail
from cst_inclusion_desktop.store.models import School, SchoolKey, Setting

TRUST_KEY_SETTING = "trust_public_key"
SEQUENCE_SETTING = "pack_sequence:"  # + the school's URN
NO_TRUST_KEY = (
    "the trust's public key, so the pack can be encrypted to it (none is known here: import "
    "the framework file the trust exports with `cst-inclusion framework export`, or ask IT to "
    "set trust_public_key in the machine-wide config; the trust makes the key with "
    "`cst-inclusion keys init-trust`)"
)


@dataclass(frozen=True, slots=True)
class KeyInfo:
    """A public key as shown to people: its fingerprint, its one-line text, where it is kept."""

    fingerprint: str
    public_key: str
    where: str


@dataclass(frozen=True, slots=True)
class RegisteredKey:
    urn: str
    school_name: str
    fingerprint: str
    registered_at: datetime
    registered_by: str
    last_sequence: int
    last_created_at: datetime | None
    waiting_for_pack: bool  # re-registered by fingerprint; the key comes with the next pack


@dataclass(frozen=True, slots=True)
class KeyOverview:
    signing: KeyInfo | None  # this database's own signing key (None until the first export)
    trust: KeyInfo | None  # the trust key packs are encrypted to (None: not known yet)
    trust_private_here: bool  # this is the trust's database: it can decrypt packs


def info(key: ed25519.Ed25519PublicKey | x25519.X25519PublicKey, where: str) -> KeyInfo:
    return KeyInfo(
        key_files.fingerprint(key_files.raw_public(key)), key_files.public_text(key), where
    )


class KeyService:
    def __init__(self, context: AppContext) -> None:
        self.context = context

    def database_file(self) -> Path:
        """What the key files are named after: the database file, or for a server database a
        name in this user's own data folder (the keys are this person's, on this computer;
        the server never holds a private key)."""
        path = self.context.database.path
        if path is None:
            return server_key_anchor(self.context.database.engine.url)
        return path

    def overview(self) -> KeyOverview:
        database = self.database_file()
        own = key_files.load_signing_key(database)
        trust_private = key_files.load_trust_key(database)
        signing = info(own.public_key(), str(key_files.signing_key_path(database))) if own else None
        found = self.trust_public_key(required=False)
        trust = info(found[0], found[1]) if found is not None else None
        return KeyOverview(signing, trust, trust_private is not None)

    def signing_key(self) -> ed25519.Ed25519PrivateKey:
        return key_files.signing_key(self.database_file())

    def trust_private_key(self) -> x25519.X25519PrivateKey | None:
        return key_files.load_trust_key(self.database_file())

    def init_trust(self) -> KeyInfo:
        database = self.database_file()
        made = key_files.create_trust_key(database)
        return info(made.public_key(), str(key_files.trust_key_path(database)))

    def trust_public_key(
        self, *, required: bool = True
    ) -> tuple[x25519.X25519PublicKey, str] | None:
        """The key packs are encrypted to, and where it came from."""
        configured = self.context.settings.trust_public_key
        if configured:
            return key_files.parse_trust_public(
                configured, "config"
            ), "the config (trust_public_key)"
        with self.context.read() as session:
            stored = session.get(Setting, TRUST_KEY_SETTING)
            text = stored.value if stored is not None else ""
        if text:
            return key_files.parse_trust_public(text, "database"), "the trust's framework file"
        private = key_files.load_trust_key(self.database_file())
        if private is not None:
            return private.public_key(), "this trust's own key"
        if required:
            raise ValidationError("trust key", "none", NO_TRUST_KEY)
        return None

    def trust_public_text(self) -> str:
        """The trust's own public key for `framework export`, or '' if this is not the trust."""
        private = key_files.load_trust_key(self.database_file())
        return key_files.public_text(private.public_key()) if private is not None else ""

    def check_trust_key(self, text: str, where: str) -> KeyInfo:
        return info(key_files.parse_trust_public(text, where), "the trust's framework file")

    def remember_trust_key(
        self, session: Session, trail: AuditTrail, text: str, where: str
    ) -> KeyInfo:
        """Keep the trust key a framework file brought (in the import's own transaction);
        audited when it is new or changed."""
        shown = self.check_trust_key(text, where)
        stored = session.get(Setting, TRUST_KEY_SETTING)
        old = stored.value if stored is not None else ""
        if old == shown.public_key:
            return shown
        if stored is None:
            session.add(Setting(key=TRUST_KEY_SETTING, value=shown.public_key))
        else:
            stored.value = shown.public_key
        before = {"trust_public_key": old} if old else None
        operation = Operation.CREATE if before is None else Operation.UPDATE
        trail.add("trust_key", shown.fingerprint, operation, before, {"trust_public_key": text})
        return shown

    def next_sequence(self, urn: str) -> int:
        """This database's next pack number for the school: the trust refuses older ones."""
        with self.context.write() as (session, _trail):
            stored = session.get(Setting, SEQUENCE_SETTING + urn)
            number = (int(stored.value) if stored is not None and stored.value.isdigit() else 0) + 1
            if stored is None:
                session.add(Setting(key=SEQUENCE_SETTING + urn, value=str(number)))
            else:
                stored.value = str(number)
        return number

    def registered(self) -> list[RegisteredKey]:
        with self.context.read() as session:
            rows = session.execute(select(SchoolKey).order_by(SchoolKey.school_urn)).scalars()
            return [
                RegisteredKey(
                    row.school_urn,
                    row.school_name,
                    row.fingerprint,
                    row.registered_at,
                    row.registered_by,
                    row.last_sequence,
                    row.last_created_at,
                    not row.public_key,
                )
                for row in rows
            ]

    def register(self, urn: str, fingerprint: str) -> tuple[str, str, str]:
        """Re-register a school's key (rotation, a reinstalled PC): old and new fingerprints."""
        clean = key_files.clean_fingerprint(fingerprint, "--fingerprint")
        urn = clean_urn(urn, "--school")
        with self.context.write() as (session, trail):
            name = _school_name(session, urn)
            old, new = registry.register(session, trail, urn, name, clean, self.context.actor)
        return name, old, new


def _school_name(session: Session, urn: str) -> str:
    school = session.execute(select(School).where(School.urn == urn)).scalar_one_or_none()
    if school is not None:
        return school.name
    row = registry.find(session, urn)
    # A school not here yet may be registered ahead of its first pack, which brings its name.
    return row.school_name if row is not None else ""


def server_key_anchor(url: URL) -> Path:
    """``<data folder>/server-keys/<host>-<port>-<database>.db``: never a database, only the
    stem the key files beside it take (key_files); the folder is private to the user."""
    name = f"{url.host or 'local'}-{url.port or 5432}-{url.database or 'postgres'}"
    folder = paths.make_private_folder(paths.user_data_dir() / "server-keys")
    return folder / f"{safe_file_name(name)}.db"
