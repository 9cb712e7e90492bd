-- Issue 20: an event no rule matched waits in the unhandled queue until a person acknowledges it.
ALTER TABLE sched_events ADD COLUMN handled_by VARCHAR(200);
ALTER TABLE sched_events ADD COLUMN handled_at VARCHAR(40);
ALTER TABLE sched_events ADD COLUMN handled_note TEXT;
