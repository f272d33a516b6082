"""`report` commands. Use services and domain."""
