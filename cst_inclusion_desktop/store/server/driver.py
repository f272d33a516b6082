"""Whether the server driver (psycopg 3 and its bundled libpq) loads, for the self-test."""

from __future__ import annotations


def driver_description() -> str:
    """ "psycopg 3.3.9 (binary), libpq 17.5"; raises ImportError when it cannot load."""
    import psycopg

    implementation = psycopg.pq.__impl__
    libpq = psycopg.pq.version()
    major, minor = divmod(libpq, 10_000)
    return f"psycopg {psycopg.__version__} ({implementation}), libpq {major}.{minor % 100}"
