-- Several servers on one database (issue 19, item 3). Each server says it lives here: a heartbeat row it renews
-- (lease_until), which `tejun cluster status` lists.
CREATE TABLE servers (
  name VARCHAR(200) PRIMARY KEY,
  address VARCHAR(500),
  started_at VARCHAR(40) NOT NULL,
  heartbeat_at VARCHAR(40) NOT NULL,
  lease_until VARCHAR(40) NOT NULL
);

-- The server that executes a run; its heartbeat renews the row's seen_at, and a row nobody renewed within the lease
-- is marked interrupted by any living server.
ALTER TABLE runs ADD COLUMN server_name VARCHAR(200);

-- One row per schedule fire time: only the server whose insert counted runs it, so a schedule fires once however
-- many servers tick it.
CREATE TABLE sched_fires (
  schedule_id VARCHAR(500) NOT NULL,
  fire_time VARCHAR(40) NOT NULL,
  claimed_by VARCHAR(200),
  PRIMARY KEY (schedule_id, fire_time)
);
