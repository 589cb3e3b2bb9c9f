-- The progress of a running restore (step, bytes of the backup read, percent, rate, ETA as JSON), refreshed by
-- the worker's heartbeat and saved at the end, so every replica can show it.
ALTER TABLE restore_job ADD COLUMN progress jsonb;
