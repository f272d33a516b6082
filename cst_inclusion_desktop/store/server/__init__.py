"""Server mode (PostgreSQL): the group roles, grants and row-level security policies the set-up
applies, the user-management functions, what a refusal means in plain words, and moving a
SQLite trust onto the server. All server-only SQL lives here."""
