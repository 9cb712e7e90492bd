-- A run that another process holds (a `tejun run` beside the server) says it is alive here while it runs, so a
-- server that starts does not mark it interrupted, and a stop request can tell a live one from one whose process died.
ALTER TABLE runs ADD COLUMN seen_at VARCHAR(40);
