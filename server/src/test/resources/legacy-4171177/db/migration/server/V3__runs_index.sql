-- One row per execution, written when it ends; the evidence folder stays the record, this is its index.
CREATE TABLE runs (
  run_id VARCHAR(40) PRIMARY KEY,
  runbook VARCHAR(1000) NOT NULL,
  user_name VARCHAR(100),
  via VARCHAR(20),
  status VARCHAR(20) NOT NULL,
  runbook_sha256 VARCHAR(64),
  manifest_sha256 VARCHAR(64),
  git_commit VARCHAR(64),
  hosts VARCHAR(2000),
  started_at VARCHAR(40),
  finished_at VARCHAR(40)
);
CREATE INDEX runs_started ON runs (started_at);
