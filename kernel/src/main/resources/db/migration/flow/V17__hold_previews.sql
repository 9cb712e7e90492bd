-- The preview kept for each hold point (a flow's pause node, "flow:INSTANCE/NODE", or a pause cell of a run,
-- "cell:RUN/CELL"), in the database every server shares, so an approval asked of any server finds it: being made
-- (with the process making it: HOST PID START), ready (the preview's JSON) or failed (why). Evidence keeps a copy.
CREATE TABLE hold_previews (
  hold VARCHAR(500) PRIMARY KEY,
  state VARCHAR(10) NOT NULL,
  maker VARCHAR(300),
  reason TEXT,
  preview TEXT,
  updated_at VARCHAR(40) NOT NULL
);
