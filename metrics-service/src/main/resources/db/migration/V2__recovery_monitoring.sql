-- The guide's monitor_recovery(): the checks after each successful recovery, repeated until they pass or the
-- window ends. A recovery counts (the incident is RECOVERED) only once its monitoring passed.
CREATE TABLE recovery_monitor (
    incident_id     text        NOT NULL,
    recovery_id     text        NOT NULL,
    component       text        NOT NULL,
    status          text        NOT NULL,
    attempts        int         NOT NULL DEFAULT 0,
    started_at      timestamptz NOT NULL,
    window_ends_at  timestamptz NOT NULL,
    -- When the next round is due; a claimed round moves it past the claim timeout.
    next_check_at   timestamptz NOT NULL,
    last_checked_at timestamptz,
    completed_at    timestamptz,
    -- The signals of the last round (JSON array of RecoveryMonitored.Signal).
    signals         text,
    PRIMARY KEY (incident_id, recovery_id)
);
CREATE INDEX recovery_monitor_due ON recovery_monitor (next_check_at) WHERE status = 'PENDING';

-- PENDING, PASSED or FAILED; null for recoveries not monitored (failed ones, and those before this version).
ALTER TABLE incident_recovery ADD COLUMN monitoring text;
ALTER TABLE incident ADD COLUMN monitoring text;
