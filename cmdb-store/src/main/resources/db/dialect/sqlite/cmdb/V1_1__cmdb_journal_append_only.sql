-- The journal is append-only: SQLite refuses UPDATE and DELETE on it through triggers that RAISE(ABORT).
CREATE TRIGGER cmdb_journal_no_update BEFORE UPDATE ON cmdb_journal
BEGIN
  SELECT RAISE(ABORT, 'cmdb_journal is append-only');
END;

CREATE TRIGGER cmdb_journal_no_delete BEFORE DELETE ON cmdb_journal
BEGIN
  SELECT RAISE(ABORT, 'cmdb_journal is append-only');
END;
