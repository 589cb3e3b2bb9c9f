-- A delivery that failed for a passing reason (server down, circuit open) waits until not_before and is tried again;
-- only a permanent refusal, or a delivery older than the give-up window, ends FAILED.
ALTER TABLE delivery ADD COLUMN not_before timestamptz, ADD COLUMN rounds int NOT NULL DEFAULT 0;
