"""Persistence: SQLAlchemy models, engine set-up, migrations and the queries services use; and,
with the standard library's sqlite3 alone, the known revisions, local-file helpers and the plain
reads of listing commands (so those load no SQLAlchemy)."""
