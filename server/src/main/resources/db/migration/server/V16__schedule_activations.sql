-- Which schedule declared in a file an operator activated: its schedule text and the hash of the files a run would
-- execute at that moment, so a new or changed schedule or file stays inactive (or is suspended) until activated.
CREATE TABLE sched_activations (
  schedule_id VARCHAR(600) PRIMARY KEY,
  cron VARCHAR(200) NOT NULL,
  content_hash VARCHAR(64) NOT NULL,
  activated_by VARCHAR(200) NOT NULL,
  activated_at VARCHAR(40) NOT NULL,
  suspended_at VARCHAR(40),
  suspended_why TEXT
);
