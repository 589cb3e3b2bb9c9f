-- The status page: the newest backup of each target (not only the newest recoverable point of its component) and
-- the newest report of each target's continuous WAL archive. Both only move forward.
CREATE TABLE backup_target (
    target        text        PRIMARY KEY,
    backup_id     text        NOT NULL,
    kind          text        NOT NULL,
    consistent_at timestamptz NOT NULL,
    completed_at  timestamptz NOT NULL,
    size_bytes    bigint      NOT NULL
);

CREATE TABLE wal_archive (
    target       text             PRIMARY KEY,
    archived_to  timestamptz      NOT NULL,
    lag_seconds  double precision NOT NULL,
    gaps         int              NOT NULL,
    reported_at  timestamptz      NOT NULL
);
