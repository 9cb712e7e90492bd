-- Append-only: every row carries the hash of the row before it, and no UPDATE or DELETE is accepted (the
-- triggers that refuse them are in db/dialect/<dialect>/server).
CREATE TABLE audit_log (
  id INTEGER PRIMARY KEY,
  at VARCHAR(40) NOT NULL,
  user_name VARCHAR(100),
  interface VARCHAR(20) NOT NULL,
  action VARCHAR(100) NOT NULL,
  target VARCHAR(1000),
  outcome VARCHAR(40) NOT NULL,
  address VARCHAR(100),
  detail TEXT,
  prev_hash VARCHAR(64) NOT NULL,
  hash VARCHAR(64) NOT NULL
);
CREATE INDEX audit_log_at ON audit_log (at);
