"""Server mode's use cases: setting up and upgrading a server database, managing logins and
their school grants, and moving a SQLite trust onto the server."""
