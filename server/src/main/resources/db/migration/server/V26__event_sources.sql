-- Issue 20: monitoring sources, each with its own endpoint (POST /api/events/in/NAME), format and credential.
-- A bearer token or basic-auth password is kept as its SHA-256 (it is random and long, so a slow hash buys
-- nothing); an HMAC secret must be read back to check signatures, so it is kept sealed with the data folder's
-- secret key (the CMDB's SecretBox), never in the clear.
CREATE TABLE event_sources (
  name VARCHAR(100) PRIMARY KEY,
  format VARCHAR(20) NOT NULL,
  mapping TEXT,
  dedupe_key TEXT,
  auth VARCHAR(10) NOT NULL,
  username VARCHAR(200),
  secret_hash VARCHAR(100),
  hmac_secret TEXT,
  created_by VARCHAR(200) NOT NULL,
  created_at VARCHAR(40) NOT NULL
);
