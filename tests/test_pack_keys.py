"""Issue 14: school packs are signed by the school's key and encrypted to the trust's.

Each hostile pack is built here from a real export (``pack_tools``): a pack signed by another
key, unsigned, with its ciphertext changed, for another trust, an old pack sent again, an old
unencrypted pack. Each is refused through the real command line with one line, the trust's
database unchanged and nothing left behind. Then the happy paths: the first pack's key
confirmed by fingerprint, key rotation, the trust key carried by the framework file or config.
"""

from __future__ import annotations

import sqlite3
import stat
from pathlib import Path

import pytest
from conftest import file_state
from cryptography.hazmat.primitives.asymmetric import ed25519, x25519
from pack_tools import Cli, Keys, Trust, assert_refused, pair, sealed_zip_bytes, trust

from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.exchange.keys import key_files
from cst_inclusion_desktop.services.exchange.packs import envelope
from cst_inclusion_desktop.services.exchange.packs.file_format import dumps

# SQLite only: these tests find the school's signing key beside its SQLite file; the pack
# rules themselves do not depend on the backend, and a server database's keys (kept in the
# user's data folder) are tested by tests/test_packs_between_modes.py.
pytestmark = pytest.mark.sqlite_only

__all__ = ["trust"]  # the fixture, imported so pytest finds it here


def fresh_export(trust: Trust, cli: Cli, name: str) -> Path:
    pack = trust.pack.parent / name
    assert cli("pack", "export", "--school", "100001", "--out", str(pack)).code == 0
    return pack


# --- what is kept where --------------------------------------------------------------------
def test_keys_show_prints_the_fingerprint_and_the_key_stays_private(
    trust: Trust, cli: Cli, db_path: Path
) -> None:
    shown = cli("keys", "show")
    assert shown.code == 0, shown.err
    assert f"Signing key fingerprint: {trust.keys.school_fingerprint()}" in shown.out
    assert "Signing public key: cst-school-key:" in shown.out
    key_file = key_files.signing_key_path(db_path)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    private = trust.keys.signer().private_bytes_raw()
    pem_body = key_file.read_text().splitlines()[1].encode()
    opened = trust.keys.open(trust.pack)
    for secret in (private, pem_body):
        assert secret not in db_path.read_bytes()
        assert secret not in trust.pack.read_bytes() and secret not in opened.inner
    # Encrypted: nothing about the school shows without the trust's key.
    raw = trust.pack.read_bytes()
    assert b"Oakfield" not in raw and b"100001" not in raw and b"Phonics" not in raw
    lead = cli("keys", "show", db=trust.db)
    assert "This is the trust's database: it can open school packs." in lead.out


def test_init_trust_prints_the_public_key_and_never_replaces_it(cli: Cli, tmp_path: Path) -> None:
    lead = tmp_path / "lead.db"
    assert cli("init", "--trust-name", "Oak Learning Trust", db=lead).code == 0
    made = cli("keys", "init-trust", db=lead)
    assert made.code == 0 and "Trust public key: cst-trust-key:" in made.out
    key_file = key_files.trust_key_path(lead)
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    before = key_file.read_bytes()
    again = cli("keys", "init-trust", db=lead)
    assert again.code == 2 and "this trust already has one" in again.err
    assert key_file.read_bytes() == before


def test_export_without_a_trust_key_is_refused_with_how_to_get_one(
    services: Services, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    before = file_state(db_path)
    result = cli("pack", "export", "--school", "100001", "--out", str(tmp_path / "p.pack"))
    assert result.code == 2 and result.err.count("\n") == 1
    assert "framework export" in result.err and "keys init-trust" in result.err
    assert "trust_public_key" in result.err
    assert not (tmp_path / "p.pack").exists()
    assert not key_files.signing_key_path(db_path).exists()
    assert file_state(db_path) == before


def test_the_framework_file_carries_the_trust_key_and_the_config_wins(
    services: Services, cli: Cli, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    lead = tmp_path / "lead.db"
    assert cli("init", "--trust-name", "Oak Learning Trust", db=lead).code == 0
    made = cli("keys", "init-trust", db=lead).out
    framework = tmp_path / "framework.json"
    assert cli("framework", "export", str(framework), db=lead).code == 0
    assert '"trust_public_key": "cst-trust-key:' in framework.read_text()
    assert cli("framework", "import", str(framework)).code == 0
    fingerprint = made.split("Fingerprint: ")[1].split()[0]
    shown = cli("keys", "show").out
    assert f"Trust key fingerprint: {fingerprint}" in shown
    assert "Trust key from: the trust's framework file" in shown
    other = key_files.public_text(x25519.X25519PrivateKey.generate().public_key())
    monkeypatch.setenv("CST_INCLUSION_TRUST_PUBLIC_KEY", other)
    configured = cli("keys", "show").out
    assert "Trust key from: the config (trust_public_key)" in configured
    assert fingerprint not in configured
    monkeypatch.setenv("CST_INCLUSION_TRUST_PUBLIC_KEY", "cst-trust-key:not-a-key")
    bad = cli("pack", "export", "--school", "100001", "--out", str(tmp_path / "p.pack"))
    assert bad.code == 2 and "config: trust_public_key: value 'cst-trust-key:not-a-key'" in bad.err


def test_a_framework_file_with_a_bad_trust_key_changes_nothing(
    services: Services, cli: Cli, db_path: Path, tmp_path: Path
) -> None:
    framework = tmp_path / "framework.json"
    assert cli("framework", "export", str(framework)).code == 0
    text = framework.read_text().replace(
        '"format": ', '"trust_public_key": "cst-trust-key:AAAA",\n  "format": '
    )
    framework.write_text(text)
    before = file_state(db_path)
    result = cli("framework", "import", str(framework))
    assert result.code == 2
    assert "framework.json: trust_public_key: value 'cst-trust-key:AAAA' — expected" in result.err
    assert file_state(db_path) == before


# --- trust on first use --------------------------------------------------------------------
def test_a_first_pack_waits_for_its_fingerprint_to_be_confirmed(
    services: Services, cli: Cli, tmp_path: Path
) -> None:
    lead = tmp_path / "lead.db"
    assert cli("init", "--trust-name", "Oak Learning Trust", db=lead).code == 0
    pair(services, lead)
    pack = tmp_path / "oakfield.pack"
    assert cli("pack", "export", "--school", "100001", "--out", str(pack)).code == 0
    fingerprint = Keys(services.context.database.path or tmp_path, lead).school_fingerprint()
    refused = assert_refused(cli, pack, lead, "Oakfield Primary School (100001)", fingerprint)
    assert f"--trust-key {fingerprint}" in refused.err
    wrong = assert_refused(
        cli, pack, lead, "check it with the school", options=("--trust-key", "0" * 16)
    )
    assert "--trust-key: value '0000-0000-0000-0000'" in wrong.err
    confirmed = ("--trust-key", fingerprint.lower())
    dry = cli("pack", "import", str(pack), "--dry-run", *confirmed, db=lead)
    assert dry.code == 0 and "(pack 1), to be registered" in dry.out
    assert "100001" not in cli("keys", "list", db=lead).out  # a dry run registers nothing
    done = cli("pack", "import", str(pack), *confirmed, db=lead)
    assert done.code == 0 and "(pack 1), now registered" in done.out
    listing = cli("keys", "list", db=lead).out
    assert "100001" in listing and fingerprint in listing and "Oakfield Primary School" in listing


# --- refusals --------------------------------------------------------------------------------
def test_a_pack_signed_by_another_key_is_refused(trust: Trust, cli: Cli) -> None:
    opened = trust.keys.open(trust.pack)
    impostor = ed25519.Ed25519PrivateKey.generate()
    school, digest = opened.statement["school"], opened.statement["content_sha256"]
    pack = trust.keys.wrap(
        trust.pack.parent / "other.pack", opened.inner, school, digest, signer=impostor
    )
    other = key_files.fingerprint(key_files.raw_public(impostor.public_key()))
    result = assert_refused(
        cli,
        pack,
        trust.db,
        "expected a pack signed by the key registered for Oakfield Primary School (100001), "
        f"{trust.keys.school_fingerprint()} (this one is signed by key {other}",
    )
    assert f"keys register --school 100001 --fingerprint {other}" in result.err


def test_an_unsigned_pack_is_refused(trust: Trust, cli: Cli) -> None:
    opened = trust.keys.open(trust.pack)
    statement = dumps(opened.statement | {"sequence": 5000})
    public = trust.keys.trust_private().public_key()
    header = dumps(
        {
            "format": "cst-inclusion-school-pack",
            "format_version": 2,
            "encryption": envelope.SUITE_NAME,
            "trust_key_fingerprint": key_files.fingerprint(key_files.raw_public(public)),
        }
    )
    plaintext = len(statement).to_bytes(4, "big") + statement + b"\0" * 64 + opened.inner
    body = envelope.SUITE.encrypt(plaintext, public, info=envelope.MAGIC + header)
    pack = trust.pack.parent / "unsigned.pack"
    pack.write_bytes(envelope.MAGIC + len(header).to_bytes(4, "big") + header + body)
    assert_refused(cli, pack, trust.db, "expected a pack signed by the school key it names")


@pytest.mark.parametrize("where", ["header", "middle", "tag"])
def test_a_tampered_ciphertext_is_refused(trust: Trust, cli: Cli, where: str) -> None:
    raw = bytearray(trust.pack.read_bytes())
    position = {"header": len(envelope.MAGIC) + 20, "middle": len(raw) // 2, "tag": len(raw) - 3}
    raw[position[where]] ^= 0x40
    pack = trust.pack.parent / "tampered.pack"
    pack.write_bytes(bytes(raw))
    expected = "expected a pack that decrypts with this trust's key (this one was changed"
    if where == "header":
        expected = "expected a school pack made by `cst-inclusion pack export`"
    assert_refused(cli, pack, trust.db, expected)


def test_a_pack_for_another_trust_is_refused(trust: Trust, cli: Cli, tmp_path: Path) -> None:
    elsewhere = x25519.X25519PrivateKey.generate()
    opened = trust.keys.open(trust.pack)
    signer = trust.keys.signer()
    statement = dict(opened.statement)
    to_them = envelope.seal(opened.inner, statement, signer, elsewhere.public_key())
    pack = trust.pack.parent / "theirs.pack"
    pack.write_bytes(to_them)
    assert_refused(cli, pack, trust.db, "expected a pack encrypted for this trust's key")
    # Signed for the other trust, then passed on encrypted to this one: the signature says so.
    statement["trust_key_fingerprint"] = key_files.fingerprint(
        key_files.raw_public(elsewhere.public_key())
    )
    statement["sequence"] = 6000
    ours = trust.keys.trust_private().public_key()
    pack.write_bytes(envelope.seal(opened.inner, statement, signer, ours))
    assert_refused(cli, pack, trust.db, "this one was signed for another trust and passed on")


def test_an_old_pack_sent_again_is_refused(trust: Trust, cli: Cli) -> None:
    newer = fresh_export(trust, cli, "newer.pack")
    assert cli("pack", "import", str(newer), db=trust.db).code == 0
    again = cli("pack", "import", str(newer), db=trust.db)  # the same pack: nothing to change
    assert again.code == 0 and again.out.startswith("Nothing to change")
    assert_refused(
        cli,
        trust.pack,
        trust.db,
        "expected a pack newer than the last one imported from Oakfield Primary School "
        "(100001), pack 2 made",
        "(this one is pack 1 made",
        "an old pack sent again",
    )


def test_an_old_format_pack_is_refused_with_update_advice(trust: Trust, cli: Cli) -> None:
    pack = trust.pack.parent / "old.pack"
    pack.write_bytes(sealed_zip_bytes(trust.members()))  # issue 12's format: a sealed zip only
    assert_refused(
        cli,
        pack,
        trust.db,
        "expected a signed, encrypted school pack (this one is in the old, unsigned and "
        "unencrypted format: the school must update CST Inclusion Desktop",
    )


def test_a_school_database_cannot_open_packs(trust: Trust, cli: Cli, db_path: Path) -> None:
    assert_refused(cli, trust.pack, db_path, "it has no trust key: packs are imported at the trust")


# --- key rotation ----------------------------------------------------------------------------
def test_a_reinstalled_school_is_re_registered_with_both_fingerprints_audited(
    trust: Trust, cli: Cli, db_path: Path
) -> None:
    old = trust.keys.school_fingerprint()
    key_files.signing_key_path(db_path).unlink()  # "this school reinstalled its PC"
    pack = fresh_export(trust, cli, "reinstalled.pack")
    new = trust.keys.school_fingerprint()
    assert new != old
    assert_refused(cli, pack, trust.db, f"(this one is signed by key {new}")
    registered = cli("keys", "register", "--school", "100001", "--fingerprint", new, db=trust.db)
    assert registered.code == 0 and f"(was {old})" in registered.out
    assert "waiting for the next pack" in cli("keys", "list", db=trust.db).out
    assert cli("pack", "import", str(pack), db=trust.db).code == 0
    assert_refused(cli, trust.pack, trust.db, f"(this one is signed by key {old}")
    with sqlite3.connect(trust.db) as connection:
        rows = connection.execute(
            "SELECT after_json FROM audit_event WHERE entity = 'school_key' ORDER BY seq"
        ).fetchall()
    assert any(f'"old_fingerprint":"{old}"' in row[0] and f'"{new}"' in row[0] for row in rows)
    assert cli("check", db=trust.db).code == 0


def test_register_refuses_a_malformed_fingerprint(trust: Trust, cli: Cli) -> None:
    before = file_state(trust.db)
    result = cli("keys", "register", "--school", "100001", "--fingerprint", "12-34", db=trust.db)
    assert result.code == 2 and "--fingerprint: value '12-34' — expected a key fingerprint" in (
        result.err
    )
    assert file_state(trust.db) == before
