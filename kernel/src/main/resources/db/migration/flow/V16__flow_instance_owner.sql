-- The server that drives an instance (its cluster node name), so a server that starts or sweeps takes over only the
-- instances of servers that died or left, never a live server's. Empty for instances from before and for those a
-- `tejun run` drives beside a server.
ALTER TABLE flow_instance ADD COLUMN owner VARCHAR(200);
