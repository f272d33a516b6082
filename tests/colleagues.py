"""A second person on the same database, for the tests of working together (conflicts, live
refresh): her own connection, and on the server her own trust lead login."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from cst_inclusion_desktop.config import load_settings
from cst_inclusion_desktop.services import Services
from cst_inclusion_desktop.services.safety.opening import open_context


@pytest.fixture
def colleague_name(backend: str) -> str:
    """Who the audit log names for her: her configured name, or her own login on the server."""
    return "Ms Patel" if backend == "sqlite" else "patel"


@pytest.fixture
def colleague(
    backend: str, database_url: str, services: Services, request: pytest.FixtureRequest
) -> Iterator[Services]:
    """Ms Patel, working on the same database from another window or PC (her own connection;
    on the server her own trust lead login)."""
    url = database_url
    if backend == "postgresql":
        from tests.postgres_server import PASSWORD, PostgresServer

        server: PostgresServer = request.getfixturevalue("postgres_server")
        server.admin(f"CREATE ROLE patel LOGIN PASSWORD '{PASSWORD}' IN ROLE trust_lead")
        url = server.url("patel", database_url.rsplit("/", 1)[1])
    other = Services(
        open_context(load_settings(overrides={"database": url, "user_name": "Ms Patel"}))
    )
    yield other
    other.close()
