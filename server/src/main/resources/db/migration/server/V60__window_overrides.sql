-- Issue 23: overrides an approver granted so one runbook or flow may be started by hand outside its maintenance
-- windows (or inside a freeze) until expires_at; the reason is kept beside the audit entry. Times are ISO text.
CREATE TABLE window_overrides (
  id ${identity_not_reused},
  target VARCHAR(600) NOT NULL,
  granted_by VARCHAR(200) NOT NULL,
  reason TEXT NOT NULL,
  granted_at VARCHAR(40) NOT NULL,
  expires_at VARCHAR(40) NOT NULL
);
CREATE INDEX window_overrides_target ON window_overrides (target, expires_at);
