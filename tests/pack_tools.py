"""Building hostile school packs in tests: open a real pack, edit its JSON, reseal it with the
pack's own seal code (the seal is an unkeyed SHA-256, so an attacker can do the same)."""

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
from cst_inclusion_desktop.services.exchange.packs.file_format import (
    SEAL_PREFIX,
    seal_bytes,
    write_pack,
)
from cst_inclusion_desktop.services.safety.opening import open_context

Cli = Callable[..., CliResult]


@dataclass
class OpenPack:
    manifest: dict[str, Any]
    data: dict[str, Any]
    framework: str
    blobs: dict[str, bytes]

    def reseal(self, out: Path) -> Path:
        write_pack(out, self.manifest, self.data, self.framework, self.blobs)
        return out


@dataclass
class Trust:
    """The trust lead's database, holding both schools' packs already, and a fresh pack."""

    db: Path
    pack: Path
    school: Services
    ids: dict[str, str]

    def edited(self, edit: Callable[[OpenPack], None], name: str = "edited.pack") -> Path:
        opened = open_pack(self.pack)
        edit(opened)
        return opened.reseal(self.pack.parent / name)

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
    for urn in ("100002", "100001"):
        pack = folder / f"{urn}.pack"
        assert cli("pack", "export", "--school", urn, "--out", str(pack)).code == 0
        assert cli("pack", "import", str(pack), db=db).code == 0
    for backup in load_settings(overrides={"database": str(db)}).backup_path.glob("*"):
        backup.unlink()  # the genuine imports' backups; refused imports must add none
    (folder / "100002.pack").unlink()
    ids = {
        "action": ours.id,
        "other_action": theirs.id,
        "evidence": evidence.id,
        "other_school": services.schools.get("100002").id,
    }
    yield Trust(db, folder / "100001.pack", services, ids)


def first(rows: list[dict[str, Any]]) -> dict[str, Any]:
    return rows[0]


def open_pack(path: Path) -> OpenPack:
    with zipfile.ZipFile(path) as archive:
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
        )


def sealed_zip(out: Path, members: list[tuple[zipfile.ZipInfo | str, bytes]]) -> Path:
    """A zip of exactly these members (duplicates and all), sealed as a pack is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", compression=zipfile.ZIP_DEFLATED) as archive:
        with warnings.catch_warnings():  # zipfile warns of a duplicate name: that is the point
            warnings.simplefilter("ignore", UserWarning)
            for info, body in members:
                archive.writestr(info, body)
        archive.comment = SEAL_PREFIX + b"0" * 64
    out.write_bytes(seal_bytes(buffer.getvalue())[0])
    return out


def reseal_raw(path: Path, raw: bytes) -> None:
    """Bytes of a pack edited in place (headers and all), sealed again."""
    path.write_bytes(seal_bytes(raw[:-64] + b"0" * 64)[0])


def members_of(path: Path) -> list[tuple[str, bytes]]:
    with zipfile.ZipFile(path) as archive:
        return [(name, archive.read(name)) for name in archive.namelist()]


def leftovers(db: Path) -> list[Path]:
    """Backups and temporary files a refused import must not leave behind."""
    backups = load_settings(overrides={"database": str(db)}).backup_path
    found = list(backups.glob("*pre-import*")) if backups.exists() else []
    return found + [
        p for p in db.parent.iterdir() if p.name.startswith((".", "~")) or ".tmp" in p.name
    ]


def assert_refused(
    cli: Callable[..., CliResult], pack: Path, db: Path, *expected: str
) -> CliResult:
    """`pack import` exits 2 with one line holding every ``expected`` text; nothing changes."""
    before = file_state(db)
    folder_before = sorted(pack.parent.iterdir())
    result = cli("pack", "import", str(pack), db=db)
    assert result.code == 2, result.err
    assert result.err.count("\n") == 1 and result.err.startswith("cst-inclusion pack: error: ")
    for text in expected:
        assert text in result.err, result.err
    assert result.out == ""
    assert file_state(db) == before
    assert leftovers(db) == []
    assert sorted(pack.parent.iterdir()) == folder_before
    return result
