-- The backup catalog: a cache of what the manifests in S3 say, plus the work queue of backups to take.
-- It can be rebuilt from S3 alone (POST /catalog/rebuild), since the state DB may be what was lost.
CREATE TABLE backup (
    backup_id        text PRIMARY KEY,
    target           text        NOT NULL,
    kind             text        NOT NULL,
    status           text        NOT NULL CHECK (status IN ('QUEUED', 'RUNNING', 'COMPLETED', 'FAILED', 'DELETED')),
    request_id       text,
    reason           text,
    requested_by     text        NOT NULL,
    prefix           text        NOT NULL,
    location         text,
    size_bytes       bigint,
    compressed_bytes bigint,
    manifest_sha256  text,
    bytes_done       bigint      NOT NULL DEFAULT 0,
    queued_at        timestamptz NOT NULL,
    started_at       timestamptz,
    heartbeat_at     timestamptz,
    completed_at     timestamptz,
    consistent_at    timestamptz,
    expires_at       timestamptz,
    owner            text,
    failure_reason   text,
    error            text
);
CREATE INDEX backup_target_kind ON backup (target, kind, status, completed_at);
CREATE INDEX backup_queued ON backup (queued_at) WHERE status = 'QUEUED';
CREATE UNIQUE INDEX backup_request ON backup (request_id) WHERE request_id IS NOT NULL;

-- One row per cron tick of a schedule: the first replica to insert it takes the backup.
CREATE TABLE schedule_slot (
    job        text        NOT NULL,
    slot       timestamptz NOT NULL,
    claimed_by text        NOT NULL,
    claimed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (job, slot)
);
