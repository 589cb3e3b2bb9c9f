-- The recoveries this service ran that ended before recovery_outcome existed: a saga adopting one learns its end.
INSERT INTO recovery_outcome (recovery_id, status, error, completed_at)
SELECT recovery_id, status, error, completed_at FROM recovery_job
WHERE completed_at IS NOT NULL AND status IN ('SUCCEEDED', 'FAILED', 'ROLLED_BACK', 'SKIPPED')
ON CONFLICT DO NOTHING;
