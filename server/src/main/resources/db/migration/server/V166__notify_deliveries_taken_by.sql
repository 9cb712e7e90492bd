-- The server that took a delivery for a send (its cluster name): a send cut off by that server's death is taken over
-- once its lease passed, not only after the delivery's own two-minute lease (issue 19).
ALTER TABLE notify_deliveries ADD COLUMN taken_by VARCHAR(200);
