-- A model restore whose restored version degraded while it was watched ends ROLLED_BACK (the previous version serves).
ALTER TABLE restore_job DROP CONSTRAINT restore_job_status_check;
ALTER TABLE restore_job ADD CONSTRAINT restore_job_status_check
    CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED', 'ROLLED_BACK'));
