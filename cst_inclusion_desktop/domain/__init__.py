"""Pure-Python domain: enumerations, records, validation rules and errors (no Qt, no SQLAlchemy)."""
