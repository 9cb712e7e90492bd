-- The run queue (issue 19, item 3): a headless run asked for through any server waits here until a server with a
-- free worker claims it. state: queued -> claimed (a server took it) -> started (handed to a session: never run
-- again) -> done; a claimed run whose server died goes back to queued, a started one becomes interrupted.
-- request holds what the run needs (params, cells, who asked, through what) as JSON.
CREATE TABLE run_queue (
  run_id VARCHAR(100) PRIMARY KEY,
  runbook VARCHAR(1000) NOT NULL,
  request TEXT NOT NULL,
  state VARCHAR(20) NOT NULL,
  queued_ms BIGINT NOT NULL,
  queued_by VARCHAR(200) NOT NULL,
  claimed_by VARCHAR(200),
  claimed_ms BIGINT,
  started_ms BIGINT,
  finished_ms BIGINT
);
CREATE INDEX run_queue_state ON run_queue (state, queued_ms);
CREATE INDEX run_queue_claimed_by ON run_queue (claimed_by, state);
