"""Building hostile school packs in tests: open a real pack with the trust's key, edit its JSON,
seal it again with the pack's own code, signed with the school's key and encrypted to the
trust's. That is what a school's own signing key in the wrong hands could do, so every check
made after decryption (rows, sizes, zip members) must still hold."""

from __future__ import annotations

import io
import json
import warnings
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from conftest import CliResult, file_state

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.domain.action_rules import ActionDraft
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.exchange.keys import key_files
from cst_inclusion_desktop.services.exchange.packs import envelope
from cst_inclusion_desktop.services.exchange.packs.file_format import (
    SEAL_PREFIX,
    build_pack,
    seal_bytes,
)
from cst_inclusion_desktop.services.safety.opening import open_context
from cst_inclusion_desktop.store.models import utc_now

Cli = Callable[..., CliResult]


@dataclass
class Keys:
    """The school database's signing key and the trust's key pair, read from their files."""

    school_db: Path
    trust_db: Path
    sequence: int = 1000  # resealed packs count on from here: each is newer than the last

    def signer(self) -> Any:
        key = key_files.load_signing_key(self.school_db)
        assert key is not None, "the school has not exported a pack yet"
        return key

    def trust_private(self) -> Any:
        key = key_files.load_trust_key(self.trust_db)
        assert key is not None
        return key

    def school_fingerprint(self) -> str:
        return key_files.fingerprint(key_files.raw_public(self.signer().public_key()))

    def open(self, path: Path) -> envelope.Opened:
        return envelope.open_envelope(path.read_bytes(), path.name, self.trust_private())

    def wrap(
        self,
        out: Path,
        inner: bytes,
        school: dict[str, Any] | None = None,
        content_sha256: str = "",
        created_at: str = "",
        signer: Any = None,
    ) -> Path:
        """Inner pack bytes in a fresh envelope: signed, encrypted, with the next sequence."""
        self.sequence += 1
        signer = signer or self.signer()
        trust = self.trust_private().public_key()
        manifest = {
            "school": school or {"id": "", "urn": "100001", "name": "Oakfield Primary School"},
            "created_at": created_at or utc_now().isoformat(),
        }
        statement = envelope.statement_for(
            manifest, inner, content_sha256, signer.public_key(), trust, self.sequence
        )
        out.write_bytes(envelope.seal(inner, statement, signer, trust))
        return out


@dataclass
class OpenPack:
    manifest: dict[str, Any]
    data: dict[str, Any]
    framework: str
    blobs: dict[str, bytes]
    keys: Keys

    def reseal(self, out: Path) -> Path:
        self.manifest["created_at"] = utc_now().isoformat()
        built = build_pack(self.manifest, self.data, self.framework, self.blobs)
        school = self.manifest.get("school")
        return self.keys.wrap(
            out, built.raw, school, built.content_sha256, self.manifest["created_at"]
        )


@dataclass
class Trust:
    """The trust lead's database, holding both schools' packs already, and a fresh pack."""

    db: Path
    pack: Path
    school: Services
    ids: dict[str, str]
    keys: Keys

    def edited(self, edit: Callable[[OpenPack], None], name: str = "edited.pack") -> Path:
        opened = open_pack(self.pack, self.keys)
        edit(opened)
        return opened.reseal(self.pack.parent / name)

    def members(self) -> list[tuple[str, bytes]]:
        """The members of the genuine pack's inner zip."""
        with zipfile.ZipFile(io.BytesIO(self.keys.open(self.pack).inner)) as archive:
            return [(name, archive.read(name)) for name in archive.namelist()]

    def sealed_zip(self, out: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
        """A zip of exactly these members (duplicates and all), sealed and wrapped as a pack."""
        return self.keys.wrap(out, sealed_zip_bytes(members), self._school())

    def reseal_raw(self, out: Path, raw: bytes) -> Path:
        """Inner pack bytes edited in place (headers and all), sealed and wrapped again."""
        return self.keys.wrap(out, seal_bytes(raw[:-64] + b"0" * 64)[0], self._school())

    def _school(self) -> dict[str, Any]:
        return dict(open_pack(self.pack, self.keys).manifest["school"])

    def services(self) -> Services:
        settings = load_settings(overrides={"database": str(self.db)})
        return Services(open_context(settings))


@pytest.fixture
def trust(services: Services, cli: Cli, tmp_path: Path) -> Iterator[Trust]:
    ours = services.actions.add(ActionDraft(school="100001", principle=2, title="Phonics"))
    theirs = services.actions.add(ActionDraft(school="100002", principle=1, title="B's action"))
    document = tmp_path / "plan.pdf"
    document.write_bytes(b"%PDF-1.4 the genuine plan")
    evidence = services.evidence.add(action_id=ours.id, file=document, title="Plan")
    services.reviews.add(ours.id, "green", "On track", review_date="2026-10-01")
    services.reviews.add(theirs.id, "red", "B's review", review_date="2026-10-01")
    folder = tmp_path / "in"
    folder.mkdir()
    db = tmp_path / "trust-lead.db"
    assert cli("init", "--trust-name", "Oak Learning Trust", db=db).code == 0
    pair(services, db)
    keys = Keys(school_db(services), db)
    for urn in ("100002", "100001"):
        pack = folder / f"{urn}.pack"
        assert cli("pack", "export", "--school", urn, "--out", str(pack)).code == 0
        confirmed = ["--trust-key", keys.school_fingerprint()]
        assert cli("pack", "import", str(pack), *confirmed, db=db).code == 0
    for backup in load_settings(overrides={"database": str(db)}).backup_path.glob("*"):
        backup.unlink()  # the genuine imports' backups; refused imports must add none
    (folder / "100002.pack").unlink()
    ids = {
        "action": ours.id,
        "other_action": theirs.id,
        "evidence": evidence.id,
        "other_school": services.schools.get("100002").id,
    }
    yield Trust(db, folder / "100001.pack", services, ids, keys)


def school_db(school: Services) -> Path:
    path = school.context.database.path
    if path is None:  # the school's signing key is kept beside its database file
        pytest.skip("pack signing keys live beside a SQLite file: not yet for a server school")
    return path


def pair(school: Services, trust_db: Path) -> str:
    """`keys init-trust` at the trust, and its public key given to the school (as a framework
    file would); returns the trust's public key text."""
    made = key_files.public_text(key_files.create_trust_key(trust_db).public_key())
    with school.context.write() as (session, trail):
        school.keys.remember_trust_key(session, trail, made, "test")
    return made


def first(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return rows[0]


def open_pack(path: Path, keys: Keys) -> OpenPack:
    with zipfile.ZipFile(io.BytesIO(keys.open(path).inner)) as archive:
        blobs = {
            name.removeprefix("blobs/"): archive.read(name)
            for name in archive.namelist()
            if name.startswith("blobs/")
        }
        return OpenPack(
            json.loads(archive.read("manifest.json")),
            json.loads(archive.read("data.json")),
            archive.read("framework.json").decode("utf-8"),
            blobs,
            keys,
        )


def sealed_zip_bytes(members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> bytes:
    """A zip of exactly these members (duplicates and all), sealed as an inner pack is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with warnings.catch_warnings():  # zipfile warns of a duplicate name: that is the point
            warnings.simplefilter("ignore", UserWarning)
            for info, body in members:
                archive.writestr(info, body)
        archive.comment = SEAL_PREFIX + b"0" * 64
    return seal_bytes(buffer.getvalue())[0]


def leftovers(db: Path) -> list[Path]:
    """Backups and temporary files a refused import must not leave behind."""
    backups = load_settings(overrides={"database": str(db)}).backup_path
    found = list(backups.glob("*pre-import*")) if backups.exists() else []
    return found + [
        p for p in db.parent.iterdir() if p.name.startswith((".", "~")) or ".tmp" in p.name
    ]


def assert_refused(
    cli: Callable[..., CliResult],
    pack: Path,
    db: Path,
    *expected: str,
    options: tuple[str, ...] = (),
) -> CliResult:
    """`pack import` exits 2 with one line holding every ``expected`` text; nothing changes."""
    before = file_state(db)
    folder_before = sorted(pack.parent.iterdir())
    result = cli("pack", "import", str(pack), *options, db=db)
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1 and result.err.startswith("cst-inclusion pack: error: ")
    for text in expected:
        assert text in result.err, result.err
    assert result.out == ""
    assert file_state(db) == before
    assert leftovers(db) == []
    assert sorted(pack.parent.iterdir()) == folder_before
    return result
