-- Nodes recorded before the position column existed were listed in rowid order: keep that order.
UPDATE flow_node_state SET position = rowid WHERE position IS NULL;
