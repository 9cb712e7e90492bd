-- Issue 20: the stage of each rule set (a rules file): draft (not tried), staging (what it would run is recorded,
-- nothing runs) or production. A file without a row is in production, as every file was before stages.
CREATE TABLE rule_stages (
    file VARCHAR(300) PRIMARY KEY,
    stage VARCHAR(20) NOT NULL,
    changed_by VARCHAR(200) NOT NULL,
    changed_at VARCHAR(40) NOT NULL
);
