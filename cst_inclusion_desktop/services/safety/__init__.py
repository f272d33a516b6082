"""Safety: the audit trail, backups, restore, recovery checks, opening a database (also plainly,
for a read-only listing), `check` and the self-test. Uses store and domain."""
