-- Audit archive: the oldest entries may move out of the table into signed segment files (tejun audit archive).
-- Each segment is registered here; the newest last_id is the "archived up to" mark. The table is append-only and
-- the audit log's delete trigger lets through only entries up to the mark (db/dialect/<dialect>/server/V144.1).
CREATE TABLE audit_archive (
  last_id BIGINT PRIMARY KEY,
  first_id BIGINT NOT NULL,
  first_prev_hash VARCHAR(64) NOT NULL,
  last_hash VARCHAR(64) NOT NULL,
  entries BIGINT NOT NULL,
  file VARCHAR(200) NOT NULL,
  file_sha256 VARCHAR(64) NOT NULL,
  archived_at VARCHAR(40) NOT NULL,
  key_id VARCHAR(40) NOT NULL,
  mac VARCHAR(64) NOT NULL
);
