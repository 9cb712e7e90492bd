-- Legal holds (issue 23 §6): a run, or every run of a flow instance, whose output retention must never prune.
-- Placing and lifting one is audited; the row is the hold, deleting it lifts it.
CREATE TABLE legal_holds (
  kind VARCHAR(10) NOT NULL,
  target_id VARCHAR(100) NOT NULL,
  reason TEXT NOT NULL,
  held_by VARCHAR(200) NOT NULL,
  held_at VARCHAR(40) NOT NULL,
  PRIMARY KEY (kind, target_id)
);
