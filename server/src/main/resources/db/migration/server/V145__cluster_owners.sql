-- Which server handles what, on a cluster (issue 19): sched_events.owner is the server that decided an event's run
-- and waits for it (a server starting up goes on only with its own unfinished runs and those of servers that are
-- gone, never with one a living server still waits for); sched_runs.server is the server that fired a schedule's
-- run (a fire time is skipped while a living server's run of the schedule is still going). Null on rows from
-- before this, which a starting server treats as its own, as every start did.
ALTER TABLE sched_events ADD COLUMN owner VARCHAR(200);
ALTER TABLE sched_runs ADD COLUMN server VARCHAR(200);
