-- Which server holds the notebook session of a runbook, on a cluster (issue 19, docs/cluster.md §4): the first
-- server a socket for the runbook reaches takes it; a socket reaching another server is relayed to this one while
-- its lease holds, and a server whose lease passed (or that left) loses it to the next server a socket reaches.
CREATE TABLE notebook_sessions (
  runbook VARCHAR(1000) PRIMARY KEY,
  owner VARCHAR(200) NOT NULL,
  opened_at BIGINT NOT NULL
);
