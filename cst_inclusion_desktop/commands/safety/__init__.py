"""`backup`, `restore`, `backups`, `check` and `self-test` commands. Use services and domain."""
