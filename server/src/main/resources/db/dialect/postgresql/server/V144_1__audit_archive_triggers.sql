-- Audit archive (PostgreSQL): what db/dialect/sqlite/server/V144.1 does. The segment register (V144) is append-only,
-- and the audit log's trigger function lets a DELETE through only for entries up to the newest registered segment's
-- last id (the "archived up to" mark); UPDATE, TRUNCATE and any later DELETE are still refused.
CREATE FUNCTION audit_archive_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_archive is append-only';
END;
$$;

CREATE TRIGGER audit_archive_no_update BEFORE UPDATE OR DELETE ON audit_archive
  FOR EACH ROW EXECUTE FUNCTION audit_archive_append_only();

CREATE TRIGGER audit_archive_no_truncate BEFORE TRUNCATE ON audit_archive
  FOR EACH STATEMENT EXECUTE FUNCTION audit_archive_append_only();

CREATE OR REPLACE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP = 'DELETE' AND OLD.id <= (SELECT COALESCE(MAX(last_id), 0) FROM audit_archive) THEN
    RETURN OLD;
  END IF;
  RAISE EXCEPTION 'audit_log is append-only: only entries archived in a signed segment may be deleted';
END;
$$;
