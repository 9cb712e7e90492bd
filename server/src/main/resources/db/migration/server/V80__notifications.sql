-- Notifications out (issue 18 §7). A subscription sends the events it names about one runbook, flow, folder or
-- user (or everything: scope 'all') to one configured channel; the address is the mail recipient of an email one.
CREATE TABLE notify_subscriptions (
  id VARCHAR(40) PRIMARY KEY,
  scope VARCHAR(10) NOT NULL,
  target VARCHAR(300) NOT NULL,
  events VARCHAR(300) NOT NULL,
  channel VARCHAR(20) NOT NULL,
  address VARCHAR(300),
  created_by VARCHAR(200) NOT NULL,
  created_at VARCHAR(40) NOT NULL
);

-- One message to one channel: pending while it is tried, then sent or failed (with the last reason).
CREATE TABLE notify_deliveries (
  id VARCHAR(40) PRIMARY KEY,
  subscription_id VARCHAR(40) NOT NULL,
  channel VARCHAR(20) NOT NULL,
  event VARCHAR(40) NOT NULL,
  subject TEXT NOT NULL,
  status VARCHAR(10) NOT NULL,
  attempts INTEGER NOT NULL,
  reason TEXT,
  created_at VARCHAR(40) NOT NULL,
  updated_at VARCHAR(40) NOT NULL
);
CREATE INDEX notify_deliveries_created ON notify_deliveries (created_at);
