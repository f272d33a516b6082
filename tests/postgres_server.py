"""The PostgreSQL side of the test fixtures: one cluster per run, one database per test.

The session sets up a template database once, as a non-superuser owner (``server setup``'s
own code, so the policies bind the owner too), with a trust lead login the ordinary tests sign
in as. Each test gets ``CREATE DATABASE … TEMPLATE`` (a file copy, ~50 ms) and it is dropped
afterwards with every login the test made (logins are cluster-wide).
"""

from __future__ import annotations

import contextlib
import itertools
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from tests.postgres_cluster import (
    ADMIN_URL_VARIABLE,
    FOLDER_VARIABLE,
    Cluster,
    ClusterUnavailable,
)

BACKENDS = ["sqlite", "postgresql"]
OWNER = "cst_owner"
LEAD = "lead"
PASSWORD = "test-password-1"  # every test login's password (the cluster is throwaway)
TEMPLATE = f"cst_template_{os.getpid()}"  # one per pytest run sharing a cluster
_numbers = itertools.count(1)


def _plain(url: str) -> str:
    return url.replace("postgresql+psycopg://", "postgresql://", 1)


@dataclass
class PostgresServer:
    admin_url: str  # the cluster's superuser, for making and dropping databases and logins
    host: str
    port: int
    kept_logins: set[str] = field(default_factory=lambda: {OWNER, LEAD})
    # Logins a test made outside the app roles (dropped after it); only these and the app
    # roles' members are ever dropped, so a developer's own cluster keeps its other roles.
    other_logins: set[str] = field(default_factory=set)

    def url(self, login: str, database: str, password: str = PASSWORD) -> str:
        return f"postgresql+psycopg://{login}:{password}@{self.host}:{self.port}/{database}"

    def admin(self, sql: str, *values: object) -> list[tuple[object, ...]]:
        import psycopg

        try:
            connection = psycopg.connect(_plain(self.admin_url), autocommit=True)
        except psycopg.OperationalError:
            revive_cluster()  # it stopped mid-run (killed from outside): start it again
            connection = psycopg.connect(_plain(self.admin_url), autocommit=True)
        with connection:
            cursor = connection.execute(sql, values or None)  # type: ignore[arg-type]
            return list(cursor.fetchall()) if cursor.description else []

    def prepare(self) -> None:
        """Owner and trust lead logins, and the set-up template database."""
        from cst_inclusion_desktop.store.database import Database
        from cst_inclusion_desktop.store.server.setup import apply_rules

        self.admin(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
        if not self.admin("SELECT 1 FROM pg_roles WHERE rolname = %s", OWNER):
            self.admin(f"CREATE ROLE {OWNER} LOGIN CREATEROLE")
        self.admin(f"ALTER ROLE {OWNER} LOGIN CREATEROLE PASSWORD '{PASSWORD}'")
        self.admin(f"CREATE DATABASE {TEMPLATE} OWNER {OWNER}")
        database = Database(self.url(OWNER, TEMPLATE))
        try:
            apply_rules(database)
        finally:
            database.dispose()
        if not self.admin("SELECT 1 FROM pg_roles WHERE rolname = %s", LEAD):
            self.admin(f"CREATE ROLE {LEAD} LOGIN IN ROLE trust_lead")
        self.admin(f"ALTER ROLE {LEAD} LOGIN PASSWORD '{PASSWORD}'")

    @contextlib.contextmanager
    def fresh_database(self) -> Iterator[str]:
        """A new set-up database; yields the trust lead's URL for it."""
        name = f"cst_test_{os.getpid()}_{next(_numbers)}"
        self.admin(f"CREATE DATABASE {name} TEMPLATE {TEMPLATE} OWNER {OWNER}")
        try:
            yield self.url(LEAD, name)
        finally:
            self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.drop_test_logins()

    @contextlib.contextmanager
    def empty_database(self) -> Iterator[str]:
        """A new database with nothing in it, owned by the owner; yields the owner's URL."""
        name = f"cst_empty_{os.getpid()}_{next(_numbers)}"
        self.admin(f"CREATE DATABASE {name} OWNER {OWNER}")
        try:
            yield self.url(OWNER, name)
        finally:
            self.admin(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")
            self.drop_test_logins()

    def owner_url(self, app_url: str) -> str:
        return self.url(OWNER, app_url.rsplit("/", 1)[1])

    def drop_test_logins(self) -> None:
        rows = self.admin(
            "SELECT rolname FROM pg_roles r WHERE NOT rolsuper AND rolname <> ALL(%s) "
            "AND rolname NOT IN ('senco', 'trust_lead', 'viewer') AND (pg_has_role(r.oid, "
            "'senco', 'MEMBER') OR pg_has_role(r.oid, 'trust_lead', 'MEMBER') OR "
            "pg_has_role(r.oid, 'viewer', 'MEMBER') OR rolname = ANY(%s))",
            sorted(self.kept_logins),
            sorted(self.other_logins),
        )
        self.other_logins.clear()
        for (login,) in rows:
            self.admin(f'DROP ROLE IF EXISTS "{login}"')


def revive_cluster() -> None:
    """Start the run's cluster again when it stopped answering, printing why it stopped (its
    log), so one outside kill costs the test that met it rather than every later one."""
    folder = os.environ.get(FOLDER_VARIABLE)
    if not folder or not Path(folder, "start-options").is_file():
        raise ClusterUnavailable("the PostgreSQL test cluster stopped answering")
    before = Cluster.revive(Path(folder))
    print(f"\nThe PostgreSQL test cluster had stopped and was started again; its log:\n{before}")


@contextlib.contextmanager
def postgres_server_for_session() -> Iterator[PostgresServer]:
    """The run's server: dev.py's cluster when it started one, else one started here. Outside
    CI a missing PostgreSQL skips the server tests; under CI=true it fails them."""
    given = os.environ.get(ADMIN_URL_VARIABLE)
    cluster: Cluster | None = None
    try:
        if given:
            url = given
        else:
            cluster = Cluster()
            url = cluster.start()
            os.environ[FOLDER_VARIABLE] = str(cluster.folder)
    except ClusterUnavailable as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"PostgreSQL is needed under CI and is unavailable: {error}")
        pytest.skip(f"PostgreSQL unavailable, server tests skipped: {error}")
    try:
        with postgres_server_for_cluster(url) as server:
            yield server
    finally:
        if cluster is not None:
            cluster.stop()


@contextlib.contextmanager
def postgres_server_for_cluster(admin_url: str) -> Iterator[PostgresServer]:
    """The owner, the trust lead and the template database on a running cluster."""
    from sqlalchemy.engine import make_url

    parsed = make_url(admin_url)
    server = PostgresServer(admin_url, str(parsed.host), int(parsed.port or 5432))
    server.prepare()
    try:
        yield server
    finally:
        server.admin(f"DROP DATABASE IF EXISTS {TEMPLATE} WITH (FORCE)")
