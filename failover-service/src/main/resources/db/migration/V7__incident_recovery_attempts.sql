-- How many recoveries were tried for an incident, the newest one, and when the next is due: a recovery that failed
-- while its component stays down is tried again after a backoff, up to the runbook's limit.
ALTER TABLE incident ADD COLUMN recovery_attempts int NOT NULL DEFAULT 0;
ALTER TABLE incident ADD COLUMN last_recovery text;
ALTER TABLE incident ADD COLUMN retry_at timestamptz;
CREATE INDEX incident_retry_due ON incident (retry_at) WHERE status = 'OPEN' AND retry_at IS NOT NULL;
