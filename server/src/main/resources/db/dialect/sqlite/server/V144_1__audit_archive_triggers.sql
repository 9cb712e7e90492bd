-- Audit archive (SQLite): the segment register (V144) is append-only, and the audit log's delete trigger now lets
-- through only entries up to the newest registered segment's last id, the "archived up to" mark. Everything after it
-- stays append-only. The same in PostgreSQL is db/dialect/postgresql/server/V144.1.
CREATE TRIGGER audit_archive_no_update BEFORE UPDATE ON audit_archive
BEGIN
  SELECT RAISE(ABORT, 'audit_archive is append-only');
END;
CREATE TRIGGER audit_archive_no_delete BEFORE DELETE ON audit_archive
BEGIN
  SELECT RAISE(ABORT, 'audit_archive is append-only');
END;
DROP TRIGGER audit_log_no_delete;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
WHEN OLD.id > (SELECT COALESCE(MAX(last_id), 0) FROM audit_archive)
BEGIN
  SELECT RAISE(ABORT, 'audit_log is append-only: only entries archived in a signed segment may be deleted');
END;
