-- Browser sign-in sessions and the sign-in throttle, moved out of one server's memory (issue 19 item 3): every server
-- on one database accepts a cookie any of them handed out, and a lock reached through one holds on all. Times are
-- epoch milliseconds, so expiry is compared as numbers. A session is found by the SHA-256 of its cookie value: a copy
-- of the database does not sign anybody in.
CREATE TABLE sign_ins (
  id_hash VARCHAR(64) PRIMARY KEY,
  user_name VARCHAR(200) NOT NULL,
  csrf_token VARCHAR(100) NOT NULL,
  created_at BIGINT NOT NULL,
  last_used BIGINT NOT NULL
);
CREATE INDEX sign_ins_user ON sign_ins (user_name);
-- One row per throttled user name ('u:' + name) or client address ('a:' + address).
CREATE TABLE login_failures (
  throttle_key VARCHAR(300) PRIMARY KEY,
  failures INTEGER NOT NULL,
  last_failure BIGINT NOT NULL
);
CREATE INDEX login_failures_last ON login_failures (last_failure);
