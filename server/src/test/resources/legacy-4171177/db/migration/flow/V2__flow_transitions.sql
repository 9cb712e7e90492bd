-- The history of each instance, one row per transition, appended only; flow_node_state keeps just the latest
-- state of each node, this keeps every step (who approved with which comment, each run of a resumed node).
CREATE TABLE flow_transition (
  instance_id VARCHAR(64) NOT NULL REFERENCES flow_instance(id),
  seq INTEGER NOT NULL,
  at VARCHAR(40) NOT NULL,
  kind VARCHAR(40) NOT NULL,
  node_id VARCHAR(200),
  node_type VARCHAR(20),
  user_name VARCHAR(200),
  via VARCHAR(40),
  status VARCHAR(20),
  run_id VARCHAR(64),
  comment TEXT,
  message TEXT,
  PRIMARY KEY (instance_id, seq)
);
