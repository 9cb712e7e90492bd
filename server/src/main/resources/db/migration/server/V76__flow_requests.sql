-- Approvals, rejections and stops of a flow instance asked for through a server that does not drive it (issue 19):
-- the server that drives the instance takes each row (deleting it) and applies it as if asked itself. The asking
-- server checked the asker's roles and audited the request; the deciding one records the decision in the journal.
CREATE TABLE flow_requests (
  id ${identity_not_reused},
  instance_id VARCHAR(100) NOT NULL,
  action VARCHAR(20) NOT NULL,
  node_id VARCHAR(200),
  user_name VARCHAR(200) NOT NULL,
  via VARCHAR(20),
  comment TEXT,
  requested_at BIGINT NOT NULL
);
