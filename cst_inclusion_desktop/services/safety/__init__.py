"""Safety: the audit trail, backups, restore, recovery checks, `check` and the self-test.
Uses store and domain."""
