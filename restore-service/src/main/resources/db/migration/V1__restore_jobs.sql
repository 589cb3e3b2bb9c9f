-- Restore and drill jobs: queued by the event handler or REST, claimed by a worker (FOR UPDATE SKIP LOCKED),
-- kept alive by a heartbeat; a job whose heartbeat stops belonged to a crashed worker and is failed with a reason.
CREATE TABLE restore_job (
    job_id        text        PRIMARY KEY,
    incident_id   text        NOT NULL,
    kind          text        NOT NULL CHECK (kind IN ('DATABASE', 'MODELS', 'DRILL')),
    request       text        NOT NULL,
    status        text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'SUCCEEDED', 'FAILED')),
    owner         text,
    heartbeat_at  timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    steps_done    integer     NOT NULL DEFAULT 0,
    scratch       text[]      NOT NULL DEFAULT '{}',
    queued_at     timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    completed_at  timestamptz,
    restored_from text,
    recovered_to  timestamptz,
    location      text,
    bytes         bigint,
    error         text
);

-- Two requests for the same incident never run two restores of the same kind at once.
CREATE UNIQUE INDEX restore_job_one_active ON restore_job (incident_id, kind) WHERE status IN ('QUEUED', 'RUNNING');
CREATE INDEX restore_job_queued ON restore_job (queued_at) WHERE status = 'QUEUED';
