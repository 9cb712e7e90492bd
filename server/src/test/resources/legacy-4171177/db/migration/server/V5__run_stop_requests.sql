-- A request to stop a run that another process holds (a `tejun run` beside the server, on the same data folder):
-- that process looks for its run here while it runs.
CREATE TABLE run_stop_requests (
  run_id VARCHAR(40) PRIMARY KEY,
  requested_by VARCHAR(100) NOT NULL,
  requested_at VARCHAR(40) NOT NULL
);
