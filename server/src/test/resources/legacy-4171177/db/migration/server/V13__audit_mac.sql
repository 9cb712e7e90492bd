-- Each entry's hash MACed with the proof key (proof.key), so recomputing the hashes is no longer enough to forge
-- the log. NULL for entries written before the key existed (verify reports them as not keyed).
ALTER TABLE audit_log ADD COLUMN mac VARCHAR(64);
