-- Notices: one rendered notification per piece of news. dedup_key makes a duplicated or redelivered event
-- (or the same incident + template from another event) a no-op; message_id is set once grouped.
CREATE TABLE notice (
    id          uuid        PRIMARY KEY,
    dedup_key   text        NOT NULL UNIQUE,
    event_id    text        NOT NULL,
    event_type  text        NOT NULL,
    group_key   text        NOT NULL,
    incident_id text,
    template    text        NOT NULL,
    component   text        NOT NULL,
    severity    text        NOT NULL,
    body        text        NOT NULL,
    event_time  timestamptz NOT NULL,
    received_at timestamptz NOT NULL DEFAULT clock_timestamp(),
    message_id  uuid
);
CREATE INDEX notice_ungrouped ON notice (group_key, received_at) WHERE message_id IS NULL;
CREATE INDEX notice_incident ON notice (incident_id, received_at);

-- Messages: what people receive, one per group of notices (or one escalation).
CREATE TABLE message (
    id          uuid        PRIMARY KEY,
    kind        text        NOT NULL,
    group_key   text        NOT NULL,
    incident_id text,
    team        text        NOT NULL,
    severity    text        NOT NULL,
    templates   text        NOT NULL,
    subject     text        NOT NULL,
    body        text        NOT NULL,
    first_event_time timestamptz NOT NULL,
    cause_event_id text     NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT clock_timestamp()
);
CREATE INDEX message_incident ON message (incident_id);

-- The delivery log and send queue: one row per message, channel and recipient.
CREATE TABLE delivery (
    id           uuid        PRIMARY KEY,
    message_id   uuid        NOT NULL REFERENCES message (id),
    channel      text        NOT NULL,
    recipient    text        NOT NULL,
    status       text        NOT NULL DEFAULT 'PENDING',
    attempts     int         NOT NULL DEFAULT 0,
    last_error   text,
    lease_until  timestamptz,
    created_at   timestamptz NOT NULL DEFAULT clock_timestamp(),
    completed_at timestamptz,
    UNIQUE (message_id, channel, recipient)
);
CREATE INDEX delivery_open ON delivery (channel, created_at) WHERE status IN ('PENDING', 'SENDING');
CREATE INDEX delivery_recent ON delivery (created_at DESC);

-- Escalation timers of critical messages: persisted, so they survive a restart.
CREATE TABLE escalation (
    message_id  uuid        PRIMARY KEY REFERENCES message (id),
    incident_id text        NOT NULL,
    team        text        NOT NULL,
    severity    text        NOT NULL,
    due_at      timestamptz NOT NULL,
    status      text        NOT NULL DEFAULT 'WAITING',
    resolved_at timestamptz
);
CREATE INDEX escalation_due ON escalation (due_at) WHERE status = 'WAITING';

CREATE TABLE acknowledgement (
    incident_id     text        PRIMARY KEY,
    acknowledged_by text        NOT NULL,
    acknowledged_at timestamptz NOT NULL DEFAULT clock_timestamp()
);
