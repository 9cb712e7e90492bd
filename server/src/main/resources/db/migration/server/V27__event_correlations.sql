-- Issue 20: the windows of correlating rules ("3 NodeDown for hosts of one group within 5 min"): each value a
-- window collected and when, so a restart loses no window.
CREATE TABLE event_correlations (
  rule VARCHAR(500) NOT NULL,
  match_key VARCHAR(500) NOT NULL,
  value VARCHAR(500) NOT NULL,
  seen_at VARCHAR(40) NOT NULL,
  PRIMARY KEY (rule, match_key, value)
);
