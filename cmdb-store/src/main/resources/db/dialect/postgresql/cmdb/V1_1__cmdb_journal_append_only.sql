-- The CMDB journal is append-only (PostgreSQL): what db/dialect/sqlite/cmdb/V1_1 does with RAISE(ABORT), here a
-- PL/pgSQL trigger function raising an error for UPDATE, DELETE and TRUNCATE.
CREATE FUNCTION cmdb_journal_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'cmdb_journal is append-only';
END;
$$;

CREATE TRIGGER cmdb_journal_no_update BEFORE UPDATE OR DELETE ON cmdb_journal
  FOR EACH ROW EXECUTE FUNCTION cmdb_journal_append_only();

CREATE TRIGGER cmdb_journal_no_truncate BEFORE TRUNCATE ON cmdb_journal
  FOR EACH STATEMENT EXECUTE FUNCTION cmdb_journal_append_only();
