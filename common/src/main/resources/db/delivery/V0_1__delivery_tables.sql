-- Delivery tables every service keeps in its own schema: the idempotent-consumer record and the
-- transactional outbox. Created by each service's Flyway run (location db/delivery).

CREATE TABLE dr_processed_event (
    consumer     text        NOT NULL,
    event_id     text        NOT NULL,
    event_type   text        NOT NULL,
    processed_at timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (consumer, event_id)
);

CREATE TABLE dr_outbox (
    seq          bigserial   PRIMARY KEY,
    event_id     text        NOT NULL UNIQUE,
    topic        text        NOT NULL,
    record_key   text,
    payload      text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    published_at timestamptz
);
CREATE INDEX dr_outbox_unpublished ON dr_outbox (seq) WHERE published_at IS NULL;

-- Wake the relay when an outbox row commits (NOTIFY is delivered at commit, never for a rolled-back insert).
CREATE FUNCTION dr_outbox_notify() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    PERFORM pg_notify('dr_outbox_' || TG_TABLE_SCHEMA, '');
    RETURN NULL;
END;
$$;

CREATE TRIGGER dr_outbox_inserted AFTER INSERT ON dr_outbox
    FOR EACH STATEMENT EXECUTE FUNCTION dr_outbox_notify();
