"""Storing evidence bytes once per content, on either backend."""

from __future__ import annotations

from sqlalchemy.dialects import postgresql
from sqlalchemy.orm import Session

from cst_inclusion_desktop.store.models import Blob


def add_blob_if_absent(session: Session, digest: str, data: bytes) -> None:
    """Add the bytes under their SHA-256 unless that key exists.

    On a server, row-level security may hide bytes another school's evidence stored: the
    insert then does nothing (``ON CONFLICT DO NOTHING``) instead of failing on the key.
    """
    if session.get_bind().dialect.name == "postgresql":
        session.flush()
        statement = postgresql.insert(Blob).values(sha256=digest, size=len(data), data=data)
        session.execute(statement.on_conflict_do_nothing(index_elements=[Blob.sha256]))
        return
    session.add(Blob(sha256=digest, size=len(data), data=data))
