-- Users sign in with a password (bcrypt hash) and hold several roles (comma-separated, lower case).
CREATE TABLE users (
  name VARCHAR(100) PRIMARY KEY,
  password_hash VARCHAR(100) NOT NULL,
  roles VARCHAR(200) NOT NULL,
  created_at VARCHAR(40) NOT NULL
);
-- API tokens: only the SHA-256 of the token is kept; the token itself is shown once when it is made.
CREATE TABLE api_tokens (
  id VARCHAR(40) PRIMARY KEY,
  owner VARCHAR(100) NOT NULL,
  label VARCHAR(200) NOT NULL,
  token_hash VARCHAR(64) NOT NULL UNIQUE,
  created_at VARCHAR(40) NOT NULL,
  revoked_at VARCHAR(40)
);
