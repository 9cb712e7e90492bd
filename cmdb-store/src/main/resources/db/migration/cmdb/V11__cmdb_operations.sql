-- Operations (作業) as records of their own: the name is the one rows already carry in cmdb_row.operation, so a
-- row keyed by host + operation belongs to the operation of that name. planned_at is the planned date and time as
-- entered, with its zone (ISO, e.g. 2026-11-01T10:00+09:00[Asia/Tokyo]); planned_ms orders them.
CREATE TABLE cmdb_operation (
  name VARCHAR(100) PRIMARY KEY,
  planned_at VARCHAR(80),
  planned_ms BIGINT,
  status VARCHAR(20) NOT NULL,
  owner VARCHAR(100),
  notes TEXT NOT NULL,
  version BIGINT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by VARCHAR(100) NOT NULL
);

-- The runs and flow instances started for an operation, and how each ended (null while it runs).
CREATE TABLE cmdb_operation_link (
  operation VARCHAR(100) NOT NULL REFERENCES cmdb_operation (name),
  kind VARCHAR(10) NOT NULL,
  ref VARCHAR(200) NOT NULL,
  linked_at BIGINT NOT NULL,
  outcome VARCHAR(20),
  PRIMARY KEY (operation, kind, ref)
);
