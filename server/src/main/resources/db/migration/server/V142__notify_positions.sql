-- Notifications follow the audit log (issue 18 §7). name 'notices': the id of the last audit entry turned into
-- deliveries, saved in the transaction that writes them, so a server killed between an audited event and its
-- deliveries goes on from there at the next start. name 'drift': the audit entry of the last drift look, whose
-- drifting cells drift_seen keeps, so a restart neither tells old drift again nor misses drift that came meanwhile.
CREATE TABLE notify_position (
  name VARCHAR(40) PRIMARY KEY,
  audit_id BIGINT NOT NULL
);

CREATE TABLE drift_seen (
  sheet VARCHAR(200) NOT NULL,
  host VARCHAR(300) NOT NULL,
  col VARCHAR(200) NOT NULL,
  PRIMARY KEY (sheet, host, col)
);
