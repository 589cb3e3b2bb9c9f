-- The progress of a running backup (percent, bytes, estimated total, rate, step, ETA as JSON), refreshed by the
-- worker's heartbeat and saved at the end, so every replica can show it.
ALTER TABLE backup ADD COLUMN progress jsonb;
