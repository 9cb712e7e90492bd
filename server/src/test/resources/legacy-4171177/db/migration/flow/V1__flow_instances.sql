-- One row per flow run. definition keeps the flow file's exact text at start, so a restart continues the
-- graph that was started even if the file changed meanwhile, and evidence can show what ran.
CREATE TABLE flow_instance (
  id VARCHAR(64) PRIMARY KEY,
  flow VARCHAR(500) NOT NULL,
  title VARCHAR(500),
  definition TEXT NOT NULL,
  params_json TEXT NOT NULL,
  status VARCHAR(20) NOT NULL,
  started_by VARCHAR(200) NOT NULL,
  via VARCHAR(40) NOT NULL,
  started_at VARCHAR(40) NOT NULL,
  ended_at VARCHAR(40),
  parent_id VARCHAR(64) REFERENCES flow_instance(id),
  parent_node VARCHAR(200),
  stopped_by VARCHAR(200),
  message TEXT
);

CREATE INDEX flow_instance_status ON flow_instance(status);

-- One row per node of an instance, updated at every transition.
CREATE TABLE flow_node_state (
  instance_id VARCHAR(64) NOT NULL REFERENCES flow_instance(id),
  node_id VARCHAR(200) NOT NULL,
  type VARCHAR(20) NOT NULL,
  status VARCHAR(20) NOT NULL,
  passes VARCHAR(20),
  chosen VARCHAR(200),
  run_id VARCHAR(64),
  evidence TEXT,
  child_id VARCHAR(64),
  actor VARCHAR(200),
  comment TEXT,
  message TEXT,
  started_at VARCHAR(40),
  ended_at VARCHAR(40),
  deadline VARCHAR(40),
  outputs_json TEXT,
  PRIMARY KEY (instance_id, node_id)
);
