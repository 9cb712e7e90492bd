-- The texts of the runbooks an instance's runbook and for-each nodes name, as read when the instance was started
-- (issue 19): a node runs that text, as a queued run runs the text it was accepted with, also when the file changed
-- since or the instance is driven by another server whose runbooks folder holds another version. JSON, runbook name
-- to text; null for instances from before (their nodes read the file when they start).
ALTER TABLE flow_instance ADD COLUMN runbooks TEXT;
