"""`import`, `export` and `pack` commands. Use services and domain."""
