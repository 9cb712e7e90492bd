-- The SQLite V3_1 fills flow_node_state.position from rowid for rows made before the column existed. A PostgreSQL
-- database never held such rows (it is made by Flyway from V1, or filled by `tejun db migrate-to` from a SQLite one
-- that is migrated first), so there is nothing to fill: this keeps the two version lists alike.
UPDATE flow_node_state SET position = 0 WHERE position IS NULL AND 1 = 0;
