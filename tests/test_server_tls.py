"""TLS with ``sslmode=verify-full`` and the CA file from the machine-wide config: a cluster of
its own with a certificate for 127.0.0.1 signed by a throwaway CA."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import CliResult
from tests.postgres_cluster import Cluster, ClusterUnavailable, make_certificate_authority
from tests.postgres_server import postgres_server_for_cluster

pytestmark = pytest.mark.postgresql_only


@pytest.fixture(scope="module")
def tls_server() -> Iterator[tuple[str, Path]]:
    """(a trust lead's URL on a set-up database, the CA file) on a TLS-only cluster."""
    try:
        cluster = Cluster(tls=True)
        cluster.start()
    except ClusterUnavailable as error:
        pytest.skip(f"no TLS cluster: {error}")
    try:
        with (
            postgres_server_for_cluster(cluster.admin_url) as server,
            server.fresh_database() as url,
        ):
            yield url, cluster.ca_file
    finally:
        cluster.stop()


def _machine_config(folder: Path, monkeypatch: pytest.MonkeyPatch, ca: Path) -> None:
    folder.mkdir()
    (folder / "config.toml").write_text(
        f'database_sslmode = "verify-full"\ndatabase_sslrootcert = "{ca.as_posix()}"\n'
    )
    monkeypatch.setenv("CST_INCLUSION_SITE_CONFIG_DIR", str(folder))


def test_verify_full_with_the_configured_ca_connects(
    cli: Callable[..., CliResult], tls_server: tuple[str, Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    url, ca = tls_server
    _machine_config(tmp_path / "site", monkeypatch, ca)
    result = cli("check", db=url)
    assert result.code == 0, result.out + result.err
    assert "row-level security in force" in result.out


def test_verify_full_refuses_a_server_signed_by_another_ca(
    cli: Callable[..., CliResult], tls_server: tuple[str, Path], tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:  # fmt: skip
    url, _ca = tls_server
    other = make_certificate_authority(tmp_path / "other-ca")
    _machine_config(tmp_path / "site", monkeypatch, other)
    result = cli("check", db=url)
    assert result.code == 2
    assert "cannot connect to" in result.err and "certificate verify failed" in result.err
