-- A runbook renamed or moved from the web UI or REST (issue 17 §2): its runs keep the old name in their evidence,
-- and the runbook's page finds them through this record. A later rename of the same runbook carries the rows along
-- (their new_name follows it), so every earlier name still leads to the current one.
CREATE TABLE runbook_renames (
  old_name VARCHAR(1000) NOT NULL,
  new_name VARCHAR(1000) NOT NULL,
  renamed_at BIGINT NOT NULL,
  renamed_by VARCHAR(200) NOT NULL
);
CREATE INDEX runbook_renames_new ON runbook_renames (new_name);
