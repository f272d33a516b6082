#!/usr/bin/env python3
"""A throwaway PostgreSQL cluster for the tests, on a loopback port, as an unprivileged user.

    python3 tests/postgres_cluster.py   # start one by hand; prints its admin URL; Ctrl+C stops

``python3 dev.py test`` starts one around pytest (``running_cluster``) and passes its admin URL
in ``CST_TEST_PG_ADMIN_URL``; the tests' fixtures make one fresh database per test from it. The
cluster lives in a temporary folder, trusts no host line (SCRAM-SHA-256 with a random password)
and is removed when it stops, even after a failure or Ctrl+C. PostgreSQL refuses to run as root,
so under root (CI) it runs as a dedicated system user made for it (``useradd --system``).
"""

from __future__ import annotations

import contextlib
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

ADMIN_URL_VARIABLE = "CST_TEST_PG_ADMIN_URL"
FOLDER_VARIABLE = "CST_TEST_PG_FOLDER"  # the cluster's folder, so a test run can restart it
SYSTEM_USER = "cst-pgtest"
SUPERUSER = "postgres"
# Speed over durability: the cluster is thrown away after the run.
SETTINGS = (
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
    "shared_buffers=64MB",
    "log_min_messages=warning",
)


class ClusterUnavailable(RuntimeError):
    """PostgreSQL is not installed here and cannot be installed, or would not start."""


def find_bin_dir() -> Path | None:
    """The newest installed PostgreSQL's programs folder (Debian's layout first)."""
    candidates = sorted(
        Path("/usr/lib/postgresql").glob("*/bin/initdb"),
        key=lambda path: int(path.parent.parent.name) if path.parent.parent.name.isdigit() else 0,
    )
    if candidates:
        return candidates[-1].parent
    found = shutil.which("initdb")
    return Path(found).parent if found else None


def ensure_installed() -> Path:
    """The programs folder, installing Debian's ``postgresql`` as root when it is missing."""
    found = find_bin_dir()
    if found is not None:
        return found
    if sys.platform.startswith("linux") and os.geteuid() == 0 and shutil.which("apt-get"):
        print("Installing PostgreSQL for the server tests (apt-get install postgresql) ...")
        environment = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
        for command in (
            ["apt-get", "update", "-qq"],
            ["apt-get", "install", "-y", "-qq", "--no-install-recommends", "postgresql"],
        ):
            subprocess.run(command, check=False, stdout=subprocess.DEVNULL, env=environment)
        found = find_bin_dir()
        if found is not None:
            return found
    raise ClusterUnavailable("PostgreSQL is not installed (Debian: apt-get install postgresql)")


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _system_user() -> tuple[int, int] | None:
    """(uid, gid) to run PostgreSQL as: None when we are not root (run as ourselves)."""
    if os.geteuid() != 0:
        return None
    import pwd

    try:
        entry = pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        command = ["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin"]
        subprocess.run([*command, SYSTEM_USER], check=False, capture_output=True)
        try:
            entry = pwd.getpwnam(SYSTEM_USER)
        except KeyError:
            entry = pwd.getpwnam("nobody")
    return entry.pw_uid, entry.pw_gid


class Cluster:
    """One temporary cluster: ``start()`` gives the admin URL, ``stop()`` removes everything."""

    def __init__(self, *, tls: bool = False) -> None:
        self.tls = tls
        self.bin_dir = ensure_installed()
        self.folder = Path(tempfile.mkdtemp(prefix="cst-pgtest-"))
        self.data = self.folder / "data"
        self.password = secrets.token_hex(16)
        self.port = 0
        self._user = _system_user()

    def _run(self, program: str, *arguments: str) -> subprocess.CompletedProcess[str]:
        extra: dict[str, object] = {}
        if self._user is not None:
            extra = {"user": self._user[0], "group": self._user[1], "extra_groups": []}
        return subprocess.run(  # type: ignore[call-overload, no-any-return]
            [str(self.bin_dir / program), *arguments],
            cwd=self.folder,
            capture_output=True,
            text=True,
            check=False,
            env={"PATH": os.environ.get("PATH", ""), "LC_ALL": "C.UTF-8", "LANG": "C.UTF-8"},
            **extra,
        )

    def start(self) -> str:
        try:
            return self._start()
        except BaseException:
            self.stop()
            raise

    def _start(self) -> str:
        password_file = self.folder / "password"
        password_file.write_text(self.password)
        if self._user is not None:
            os.chown(self.folder, *self._user)
            os.chown(password_file, *self._user)
        result = self._run(
            "initdb",
            "-D",
            str(self.data),
            "-U",
            SUPERUSER,
            "--pwfile",
            str(password_file),
            "--auth-local=scram-sha-256",
            "--auth-host=scram-sha-256",
            "--encoding=UTF8",
            "--locale=C.UTF-8",
        )
        password_file.unlink()
        if result.returncode != 0:
            raise ClusterUnavailable(f"initdb failed: {result.stderr.strip()[-500:]}")
        tls_settings = self._make_certificates() if self.tls else []
        for _attempt in range(5):
            self.port = free_port()
            options = " ".join(
                [
                    "-c listen_addresses=127.0.0.1",
                    f"-p {self.port}",
                    f"-k {self.folder}",
                    *(f"-c {setting}" for setting in (*SETTINGS, *tls_settings)),
                ]
            )
            (self.folder / "start-options").write_text(options)
            (self.folder / "admin-url").write_text(self.admin_url)
            if self._pg_ctl_start(options).returncode == 0:
                return self.admin_url
        log = (self.folder / "server.log").read_text(errors="replace")[-800:]
        raise ClusterUnavailable(f"PostgreSQL would not start: {log.strip()}")

    def _pg_ctl_start(self, options: str) -> subprocess.CompletedProcess[str]:
        return self._run(
            "pg_ctl", "start", "-w", "-t", "60", "-D", str(self.data),
            "-l", str(self.folder / "server.log"), "-o", options,
        )  # fmt: skip

    def running(self) -> bool:
        return self._run("pg_ctl", "status", "-D", str(self.data)).returncode == 0

    def log_tail(self, lines: int = 30) -> str:
        try:
            text = (self.folder / "server.log").read_text(errors="replace")
        except OSError:
            return "(no server log)"
        return "\n".join(text.splitlines()[-lines:])

    @classmethod
    def revive(cls, folder: Path) -> str:
        """Start a cluster that stopped mid-run again, on its data, port and password (the
        databases are kept); returns the log's tail from before, to say why it stopped."""
        cluster = cls.__new__(cls)
        cluster.tls, cluster.folder, cluster.data = False, folder, folder / "data"
        cluster.bin_dir, cluster._user = ensure_installed(), _system_user()
        before = cluster.log_tail()
        options = (folder / "start-options").read_text()
        started = cluster._pg_ctl_start(options)
        if started.returncode != 0:
            raise ClusterUnavailable(f"PostgreSQL would not start again: {cluster.log_tail(8)}")
        return before

    @property
    def ca_file(self) -> Path:
        """The CA that signed the server's certificate (for sslrootcert), when ``tls``."""
        return self.folder / "ca.crt"

    def _make_certificates(self) -> list[str]:
        """A throwaway CA and a server certificate for 127.0.0.1, made with openssl."""
        make_certificate_authority(self.folder / "ca")
        key, request, cert = (self.folder / f"server.{end}" for end in ("key", "csr", "crt"))
        openssl = ["openssl", "req", "-new", "-nodes", "-newkey", "rsa:2048", "-subj"]
        _openssl([*openssl, "/CN=127.0.0.1", "-keyout", str(key), "-out", str(request)])
        extensions = self.folder / "san.ext"
        extensions.write_text("subjectAltName = IP:127.0.0.1\n")
        _openssl(
            ["openssl", "x509", "-req", "-in", str(request), "-CA", str(self.ca_file),
             "-CAkey", str(self.folder / "ca.key"), "-CAcreateserial", "-days", "2",
             "-extfile", str(extensions), "-out", str(cert)]
        )  # fmt: skip
        key.chmod(0o600)
        if self._user is not None:
            for path in (key, cert):
                os.chown(path, *self._user)
        return ["ssl=on", f"ssl_cert_file={cert}", f"ssl_key_file={key}"]

    @property
    def admin_url(self) -> str:
        return f"postgresql+psycopg://{SUPERUSER}:{self.password}@127.0.0.1:{self.port}/postgres"

    def stop(self) -> None:
        if self.port and self.data.is_dir() and not self.running():
            # It stopped before the run ended: say why before its folder goes.
            print(f"The PostgreSQL test cluster had stopped; its log:\n{self.log_tail()}")
        if self.data.is_dir() and (self.data / "postmaster.pid").exists():
            self._run("pg_ctl", "stop", "-m", "immediate", "-w", "-D", str(self.data))
        shutil.rmtree(self.folder, ignore_errors=True)


def _openssl(command: list[str]) -> None:
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        raise ClusterUnavailable(f"openssl failed: {result.stderr.strip()[-300:]}")


def make_certificate_authority(stem: Path) -> Path:
    """A self-signed CA: ``stem``.key and ``stem``.crt; returns the certificate."""
    if shutil.which("openssl") is None:
        raise ClusterUnavailable("openssl is not installed (needed for the TLS test)")
    key, cert = stem.with_suffix(".key"), stem.with_suffix(".crt")
    _openssl(
        ["openssl", "req", "-x509", "-new", "-nodes", "-newkey", "rsa:2048", "-days", "2",
         "-subj", f"/CN=CST test CA {stem.name}", "-keyout", str(key), "-out", str(cert)]
    )  # fmt: skip
    return cert


@contextlib.contextmanager
def running_cluster() -> Iterator[str]:
    """A started cluster's admin URL for the block; stopped and removed afterwards, always."""
    cluster = Cluster()
    try:
        url = cluster.start()
        os.environ[FOLDER_VARIABLE] = str(cluster.folder)
        yield url
    finally:
        os.environ.pop(FOLDER_VARIABLE, None)
        cluster.stop()


def main() -> int:
    try:
        with running_cluster() as url:
            print(f"PostgreSQL is running. {ADMIN_URL_VARIABLE}={url}")
            print("Press Ctrl+C to stop it (its folder is removed).", flush=True)
            with contextlib.suppress(KeyboardInterrupt):
                signal.pause()
    except ClusterUnavailable as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    return 0


if __name__ == "__main__":
    sys.exit(main())
