-- Per-incident correlation of outage and recovery events. Every column is merged so that the same fact seen
-- twice, or facts seen in any order, leave the same row.

CREATE TABLE incident (
    incident_id             text        PRIMARY KEY,
    component               text,
    severity                text,
    outage_started_at       timestamptz,
    detected_at             timestamptz,
    state                   text,
    time_to_detect_seconds  bigint,
    time_to_respond_seconds bigint,
    time_to_recover_seconds bigint,
    data_loss_seconds       bigint,
    rto_met                 boolean,
    rpo_met                 boolean,
    next_deadline_at        timestamptz,
    version                 bigint      NOT NULL DEFAULT 0,
    updated_at              timestamptz
);
CREATE INDEX incident_due ON incident (next_deadline_at) WHERE next_deadline_at IS NOT NULL;
CREATE INDEX incident_open ON incident (component) WHERE state IS NOT NULL AND state <> 'RECOVERED';

-- One recovery attempt of an incident; started_at and completed_at are merged with LEAST.
CREATE TABLE incident_recovery (
    incident_id       text        NOT NULL REFERENCES incident (incident_id),
    recovery_id       text        NOT NULL,
    component         text        NOT NULL,
    started_at        timestamptz,
    completed_at      timestamptz,
    status            text,
    recovered_to      timestamptz,
    data_loss_seconds bigint,
    PRIMARY KEY (incident_id, recovery_id)
);

CREATE TABLE incident_step (
    incident_id  text        NOT NULL REFERENCES incident (incident_id),
    recovery_id  text        NOT NULL,
    step_index   int         NOT NULL,
    step         text        NOT NULL,
    status       text        NOT NULL,
    started_at   timestamptz NOT NULL,
    completed_at timestamptz NOT NULL,
    PRIMARY KEY (incident_id, recovery_id, step_index)
);

-- Each threshold breach is announced once per subject (incident id, or rpo:<component> between outages).
CREATE TABLE threshold_breach (
    subject           text        NOT NULL,
    metric            text        NOT NULL,
    component         text        NOT NULL,
    threshold_seconds bigint      NOT NULL,
    observed_seconds  bigint      NOT NULL,
    incident_open     boolean     NOT NULL,
    breached_at       timestamptz NOT NULL,
    PRIMARY KEY (subject, metric)
);

-- The newest point each component can be recovered to, from completed backups and archived WAL.
CREATE TABLE recovery_point (
    component       text        PRIMARY KEY,
    newest_point_at timestamptz NOT NULL,
    backup_id       text        NOT NULL,
    target          text        NOT NULL,
    kind            text        NOT NULL
);

CREATE TABLE drill (
    drill_id               text        PRIMARY KEY,
    scenario               text        NOT NULL,
    type                   text        NOT NULL,
    success                boolean     NOT NULL,
    started_at             timestamptz NOT NULL,
    completed_at           timestamptz NOT NULL,
    duration_seconds       bigint      NOT NULL,
    measured_rto_seconds   bigint,
    measured_rpo_seconds   bigint,
    rto_objective_seconds  bigint,
    rpo_objective_seconds  bigint,
    error                  text
);
CREATE INDEX drill_history ON drill (completed_at DESC);
