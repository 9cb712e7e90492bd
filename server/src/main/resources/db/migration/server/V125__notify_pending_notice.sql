-- A pending delivery keeps the notice it carries (as JSON), so a restarted server sends what the last one could not
-- (issue 18 §7); rows written before this column have none and are closed as failed at the next start.
ALTER TABLE notify_deliveries ADD COLUMN notice TEXT;
