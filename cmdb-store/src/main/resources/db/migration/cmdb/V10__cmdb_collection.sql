-- When each host's observed row was last collected, and by what (a run id): the journal records a change of
-- actual state only when a value changed, so a collection that found nothing new still says it looked.
CREATE TABLE cmdb_collection (
  sheet VARCHAR(31) NOT NULL REFERENCES cmdb_sheet (name),
  host VARCHAR(255) NOT NULL,
  collected_at BIGINT NOT NULL,
  source VARCHAR(200) NOT NULL,
  PRIMARY KEY (sheet, host)
);
