-- The order of an instance's nodes as the flow file lists them, so they are read back in that order (before, the
-- order was SQLite's rowid, which no other database has). Filled for the rows that exist in db/dialect/<dialect>/flow.
ALTER TABLE flow_node_state ADD COLUMN position INTEGER;
