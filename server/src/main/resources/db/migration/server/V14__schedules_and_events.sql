-- Schedules created through REST (schedules in front matter live in their files).
CREATE TABLE sched_schedules (
  id ${identity_not_reused},
  target VARCHAR(500) NOT NULL,
  cron VARCHAR(200) NOT NULL,
  timezone VARCHAR(100) NOT NULL,
  params TEXT NOT NULL,
  misfire VARCHAR(20) NOT NULL,
  webhook VARCHAR(1000),
  created_by VARCHAR(200) NOT NULL,
  created_at VARCHAR(40) NOT NULL
);

-- Every fire time up to the cursor has been handled (ran or skipped); survives restarts for the misfire policy.
CREATE TABLE sched_cursors (
  schedule_id VARCHAR(600) PRIMARY KEY,
  cursor_at VARCHAR(40) NOT NULL
);

-- One row per fire time: a run (status running, then its result) or a skip with its reason.
CREATE TABLE sched_runs (
  id ${identity_not_reused},
  schedule_id VARCHAR(600) NOT NULL,
  fire_time VARCHAR(40) NOT NULL,
  started_at VARCHAR(40) NOT NULL,
  ended_at VARCHAR(40),
  status VARCHAR(20) NOT NULL,
  run_id VARCHAR(100),
  evidence VARCHAR(1000),
  message TEXT
);
CREATE INDEX sched_runs_by_schedule ON sched_runs (schedule_id, id);

-- Every received event with its decision and the run it caused (linked to evidence by run_id).
CREATE TABLE sched_events (
  id ${identity_not_reused},
  received_at VARCHAR(40) NOT NULL,
  source VARCHAR(200) NOT NULL,
  status VARCHAR(20) NOT NULL,
  labels TEXT NOT NULL,
  annotations TEXT NOT NULL,
  fields TEXT NOT NULL,
  decision VARCHAR(20),
  rule VARCHAR(500),
  match_key VARCHAR(500),
  target VARCHAR(500),
  params TEXT,
  reason TEXT,
  attempts INTEGER NOT NULL DEFAULT 0,
  run_status VARCHAR(20),
  run_id VARCHAR(100),
  evidence VARCHAR(1000),
  run_message TEXT,
  finished_at VARCHAR(40)
);
