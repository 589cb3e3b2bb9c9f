-- The topology failover-service owns and publishes (DatabaseTopologyChanged): a generation that grows with every
-- published change, the primary's timeline, the last change's reason and incident; per node what the last
-- observation saw (answering, WAL receiver streaming from the primary, lag) and when it was last seen streaming
-- (a standby whose receiver stopped long ago is not within the RPO, however small its byte lag looks).
CREATE TABLE db_topology (
    cluster     text        PRIMARY KEY,
    generation  bigint      NOT NULL DEFAULT 0,
    timeline    bigint,
    reason      text        NOT NULL,
    incident_id text,
    changed_at  timestamptz NOT NULL DEFAULT now()
);

ALTER TABLE db_node ADD COLUMN up               boolean;
ALTER TABLE db_node ADD COLUMN streaming        boolean;
ALTER TABLE db_node ADD COLUMN lag_bytes        bigint;
ALTER TABLE db_node ADD COLUMN lag_seconds      double precision;
ALTER TABLE db_node ADD COLUMN last_streaming_at timestamptz;
ALTER TABLE db_node ADD COLUMN observed_at      timestamptz;

-- What the runbook decided for an incident (acted, joined a running recovery, or why it did nothing).
ALTER TABLE incident ADD COLUMN decision text;

-- One recovery per component at a time: later incidents of the component join the one in flight.
CREATE TABLE component_recovery (
    component   text        PRIMARY KEY,
    recovery_id text        NOT NULL,
    incident_id text        NOT NULL,
    action      text        NOT NULL,
    since       timestamptz NOT NULL DEFAULT now(),
    expires_at  timestamptz NOT NULL
);
