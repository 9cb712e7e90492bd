-- A disabled user keeps their row (and audit history) but can neither sign in nor use a token.
ALTER TABLE users ADD COLUMN disabled INTEGER NOT NULL DEFAULT 0;
