"""Issue 12, finding 7: zip bombs, duplicate and unexpected members in a resealed pack.
Sizes are checked before anything is unpacked; nothing changes and nothing is left behind."""

from __future__ import annotations

import hashlib

import pytest
from pack_tools import (
    Cli,
    OpenPack,
    Trust,
    assert_refused,
    first,
    sealed_zip_bytes,
    trust,
)

pytestmark = (
    pytest.mark.sqlite_only
)  # pack signing keys live beside a SQLite file (no server home yet)

__all__ = ["trust"]  # the fixture, imported so pytest finds it here


# --- 7. zip bombs, duplicates, unexpected members ----------------------------------------------
def test_duplicate_members_are_refused(trust: Trust, cli: Cli) -> None:
    members = trust.members()
    data = dict(members)["data.json"]
    pack = trust.sealed_zip(trust.pack.parent / "twice.pack", [*members, ("data.json", data)])
    assert_refused(
        cli,
        pack,
        trust.db,
        "member: value 'twice.pack: data.json'",
        "expected each file once in a pack (this one is repeated)",
    )


def test_unexpected_members_are_refused(trust: Trust, cli: Cli) -> None:
    pack = trust.sealed_zip(
        trust.pack.parent / "extra.pack", [*trust.members(), ("../../evil.sh", b"rm")]
    )
    assert_refused(
        cli,
        pack,
        trust.db,
        "member: value 'extra.pack: ../../evil.sh'",
        "expected only manifest.json, data.json, framework.json and blobs/<sha256> in a pack",
    )


def test_a_member_declaring_a_huge_size_is_refused_before_it_is_read(
    trust: Trust, cli: Cli
) -> None:
    raw = bytearray(sealed_zip_bytes(trust.members()))
    # data.json's central directory entry (its name at +46) claims 4 GB unpacked (at +24).
    central = raw.index(b"PK\x01\x02")
    while raw[central + 46 : central + 55] != b"data.json":
        central = raw.index(b"PK\x01\x02", central + 1)
    raw[central + 24 : central + 28] = (0xFFFFFFF0).to_bytes(4, "little")
    pack = trust.reseal_raw(trust.pack.parent / "bomb.pack", bytes(raw))
    assert_refused(
        cli,
        pack,
        trust.db,
        "member: value 'bomb.pack: data.json'",
        "expected a file that unpacks to at most 1,073,741,824 bytes (this one declares "
        "4,294,967,280)",
    )


def test_a_file_over_the_trusts_evidence_limit_is_refused(
    trust: Trust, cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("CST_INCLUSION_EVIDENCE_LIMIT_MB", "1")

    def grow(pack: OpenPack) -> None:
        body = b"\0" * (2 * 1024 * 1024)  # 2 MB of zeros: a few KB in the zip
        sha = hashlib.sha256(body).hexdigest()
        pack.blobs[sha] = body
        row = first(pack.data["evidence"])
        row["blob_sha256"], row["file_size"] = sha, len(body)

    assert_refused(
        cli, trust.edited(grow), trust.db, "expected a file that unpacks to at most 1,048,576 bytes"
    )
