-- CMDB core tables. Standard SQL except the SQLite triggers at the end (a PostgreSQL backend would use
-- its own migration folder with BIGINT identity columns and a plpgsql trigger).

-- Sheet definitions as JSON documents: editing columns needs no DDL.
CREATE TABLE cmdb_sheet (
  name VARCHAR(31) PRIMARY KEY,
  definition TEXT NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by VARCHAR(100) NOT NULL
);

-- Current state of every row; user columns live in the JSON document "doc".
CREATE TABLE cmdb_row (
  id INTEGER PRIMARY KEY,
  sheet VARCHAR(31) NOT NULL REFERENCES cmdb_sheet (name),
  host VARCHAR(255),
  operation VARCHAR(100),
  doc TEXT NOT NULL,
  version BIGINT NOT NULL,
  discarded BOOLEAN NOT NULL,
  updated_at BIGINT NOT NULL,
  updated_by VARCHAR(100) NOT NULL
);
CREATE INDEX cmdb_row_sheet_host ON cmdb_row (sheet, host, operation);

-- Unique values claimed by current rows; the primary key is what makes uniqueness hold.
CREATE TABLE cmdb_unique_key (
  sheet VARCHAR(31) NOT NULL,
  key_name VARCHAR(200) NOT NULL,
  key_value TEXT NOT NULL,
  row_id BIGINT NOT NULL REFERENCES cmdb_row (id),
  PRIMARY KEY (sheet, key_name, key_value)
);
CREATE INDEX cmdb_unique_key_row ON cmdb_unique_key (row_id);

-- The append-only journal: the whole row after every change. Times are epoch milliseconds.
CREATE TABLE cmdb_journal (
  seq INTEGER PRIMARY KEY,
  sheet VARCHAR(31) NOT NULL,
  row_id BIGINT NOT NULL REFERENCES cmdb_row (id),
  action VARCHAR(10) NOT NULL,
  user_name VARCHAR(100) NOT NULL,
  channel VARCHAR(20) NOT NULL,
  at BIGINT NOT NULL,
  row_after TEXT NOT NULL
);
CREATE INDEX cmdb_journal_sheet_at ON cmdb_journal (sheet, at);
CREATE INDEX cmdb_journal_row ON cmdb_journal (row_id, seq);

CREATE TRIGGER cmdb_journal_no_update BEFORE UPDATE ON cmdb_journal
BEGIN
  SELECT RAISE(ABORT, 'cmdb_journal is append-only');
END;

CREATE TRIGGER cmdb_journal_no_delete BEFORE DELETE ON cmdb_journal
BEGIN
  SELECT RAISE(ABORT, 'cmdb_journal is append-only');
END;
