"""Pack keys: each school database's Ed25519 signing key, the trust's X25519 encryption key
(both kept in files beside the database, never inside it or in a pack), and at the trust the
register of school keys that packs must be signed with."""
