-- failover-service state: incidents (deduplicated by fingerprint), recovery jobs run by the worker as persisted
-- state machines, the database topology it manages, remembered replica counts and the audit log.

CREATE TABLE incident (
    incident_id       text        PRIMARY KEY,
    fingerprint       text        NOT NULL,
    component         text        NOT NULL,
    severity          text        NOT NULL,
    impact            text        NOT NULL,
    source            text        NOT NULL,
    status            text        NOT NULL,
    outage_started_at timestamptz NOT NULL,
    detected_at       timestamptz NOT NULL,
    resolved_at       timestamptz,
    repeats           integer     NOT NULL DEFAULT 0
);
-- The same alert repeated while open is the same incident.
CREATE UNIQUE INDEX incident_open_fingerprint ON incident (fingerprint) WHERE status = 'OPEN';

CREATE TABLE recovery_job (
    recovery_id   text        PRIMARY KEY,
    incident_id   text        NOT NULL,
    component     text        NOT NULL,
    action        text        NOT NULL,
    target        text,
    dry_run       boolean     NOT NULL DEFAULT false,
    parameters    text        NOT NULL DEFAULT '{}',
    status        text        NOT NULL,
    next_step     integer     NOT NULL DEFAULT 0,
    state         text        NOT NULL DEFAULT '{}',
    requested_by  text        NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    started_at    timestamptz,
    updated_at    timestamptz NOT NULL DEFAULT now(),
    completed_at  timestamptz,
    wait_until    timestamptz,
    waiting_for   text,
    owner         text,
    heartbeat_at  timestamptz,
    error         text
);
CREATE INDEX recovery_job_runnable ON recovery_job (created_at) WHERE status IN ('PENDING', 'RUNNING', 'WAITING');
CREATE INDEX recovery_job_incident ON recovery_job (incident_id);
-- At most one real database failover or switchover in flight: a second request is refused, never run twice.
CREATE UNIQUE INDEX recovery_job_one_database_failover ON recovery_job ((1))
    WHERE action IN ('DATABASE_FAILOVER', 'DATABASE_SWITCHOVER') AND NOT dry_run
      AND status IN ('PENDING', 'RUNNING', 'WAITING');

-- Recoveries a saga asked other services (or this one) for, and how they ended.
CREATE TABLE child_recovery (
    recovery_id  text        PRIMARY KEY,
    parent_id    text        NOT NULL REFERENCES recovery_job (recovery_id),
    step         integer     NOT NULL,
    deadline     timestamptz NOT NULL,
    status       text,
    error        text,
    completed_at timestamptz
);

CREATE TABLE db_node (
    url        text        PRIMARY KEY,
    role       text        NOT NULL,
    data_dir   text,
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX db_node_one_primary ON db_node ((1)) WHERE role = 'PRIMARY';

CREATE TABLE scaled_deployment (
    recovery_id text    NOT NULL,
    namespace   text    NOT NULL,
    name        text    NOT NULL,
    replicas    integer NOT NULL,
    at          timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (recovery_id, namespace, name)
);

CREATE TABLE audit_log (
    id        bigserial   PRIMARY KEY,
    actor     text        NOT NULL,
    action    text        NOT NULL,
    target    text,
    detail    text,
    at        timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX audit_log_at ON audit_log (at);
