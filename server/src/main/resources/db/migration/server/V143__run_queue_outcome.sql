-- How a queued run ended, written by the server that ran it (issue 19): a schedule or alert rule that queued the run,
-- on whichever server, waits for this row instead of for a session of its own. outcome is the run's status (ok,
-- warning, failed, stopped); null for rows done before this column, and for interrupted or cancelled ones.
ALTER TABLE run_queue ADD COLUMN outcome VARCHAR(20);
ALTER TABLE run_queue ADD COLUMN outcome_message TEXT;
ALTER TABLE run_queue ADD COLUMN evidence VARCHAR(1000);
