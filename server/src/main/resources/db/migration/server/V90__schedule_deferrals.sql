-- Issue 23 §1: a scheduled fire time deferred to the end of a freeze (or the start of its next allowed window) is kept
-- here, one per schedule, so a server restarted during the freeze still runs it when the window opens.
CREATE TABLE schedule_deferrals (
  schedule_id VARCHAR(300) PRIMARY KEY,
  fire_time VARCHAR(40) NOT NULL,
  until_at VARCHAR(40) NOT NULL,
  reason TEXT NOT NULL
);
