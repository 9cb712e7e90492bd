-- Issue 23: resource locks runs hold (front matter locks: [db:NAME], params put in), shared by every process on the same
-- database. A holder renews lease_until (epoch milliseconds) while it runs; a lock whose lease passed belongs to a
-- dead process and is taken over. Waiters queue in id order and stay in the queue while they renew seen_until.
CREATE TABLE resource_locks (
  lock_key VARCHAR(400) PRIMARY KEY,
  owner VARCHAR(200) NOT NULL,
  runbook VARCHAR(600) NOT NULL,
  acquired_at VARCHAR(40) NOT NULL,
  lease_until BIGINT NOT NULL
);
CREATE TABLE resource_lock_waits (
  id ${identity_not_reused},
  lock_key VARCHAR(400) NOT NULL,
  owner VARCHAR(200) NOT NULL,
  runbook VARCHAR(600) NOT NULL,
  since VARCHAR(40) NOT NULL,
  seen_until BIGINT NOT NULL
);
CREATE INDEX resource_lock_waits_key ON resource_lock_waits (lock_key, id);
CREATE INDEX resource_lock_waits_owner ON resource_lock_waits (owner);
