-- Issue 20: an event's identity. Each event keeps its fingerprint and the event it relates to (for a resolved one
-- the firing event it ends, for a duplicate the one whose run acted).
ALTER TABLE sched_events ADD COLUMN fingerprint VARCHAR(500);
ALTER TABLE sched_events ADD COLUMN related_event BIGINT;
CREATE INDEX sched_events_by_fingerprint ON sched_events (fingerprint);

-- The alerts firing now (and the last state of those that were), by fingerprint: what de-duplicates an alert
-- re-sent while open and what a resolved event is matched to, across restarts.
CREATE TABLE event_alerts (
  fingerprint VARCHAR(500) PRIMARY KEY,
  state VARCHAR(20) NOT NULL,
  first_event BIGINT NOT NULL,
  acted_event BIGINT,
  opened_at VARCHAR(40) NOT NULL,
  last_seen VARCHAR(40) NOT NULL,
  repeats INTEGER NOT NULL DEFAULT 0,
  resolved_by BIGINT
);
