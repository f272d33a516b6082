"""Persistence: SQLAlchemy models, engine set-up, migrations and the queries services use."""
