-- Alert rules' suppression state, so a restart does not reset it: each admitted run per rule and matched key
-- (for "at most N runs per interval"), and until when a rule and key are quiet after a failure.
CREATE TABLE sched_rule_runs (
  rule VARCHAR(500) NOT NULL,
  match_key VARCHAR(500) NOT NULL,
  ran_at VARCHAR(40) NOT NULL
);
CREATE INDEX sched_rule_runs_by_slot ON sched_rule_runs (rule, match_key, ran_at);

CREATE TABLE sched_rule_quiet (
  rule VARCHAR(500) NOT NULL,
  match_key VARCHAR(500) NOT NULL,
  quiet_until VARCHAR(40) NOT NULL,
  PRIMARY KEY (rule, match_key)
);
