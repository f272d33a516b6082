"""Reporting: the board report's data (one snapshot, set-based queries, counting rules) and
the trust overview. Uses store and domain; hands plain dataclasses to reports/ and ui/."""
