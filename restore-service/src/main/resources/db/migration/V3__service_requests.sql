-- What a restore asked failover-service to do around it (stop the affected services before touching the live
-- target, start them again once it verified), and the answer: the RecoveryCompleted failover-service published.
-- The worker that asked waits for the answer here, whichever replica consumed it.
CREATE TABLE service_request (
    recovery_id  text        PRIMARY KEY,
    job_id       text        NOT NULL REFERENCES restore_job (job_id),
    action       text        NOT NULL,
    deployments  text        NOT NULL,
    requested_at timestamptz NOT NULL DEFAULT now(),
    status       text        CHECK (status IN ('SUCCEEDED', 'FAILED')),
    error        text,
    answered_at  timestamptz
);

CREATE INDEX service_request_job ON service_request (job_id);
