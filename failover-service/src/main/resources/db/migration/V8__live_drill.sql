-- Live drills: a real failure injected on purpose, then watched until the platform has recovered by itself and is
-- ready for the next failure. One row a drill; its phase moves forward on every replica's tick, one replica a row.
CREATE TABLE live_drill (
    drill_id      text        PRIMARY KEY,
    scenario      text        NOT NULL,
    requested_by  text        NOT NULL,
    requested_at  timestamptz NOT NULL,
    phase         text        NOT NULL,
    target        text,
    broken_at     timestamptz,
    incident_id   text,
    detected_at   timestamptz,
    recovered_at  timestamptz,
    finished_at   timestamptz,
    ready         boolean     NOT NULL DEFAULT false,
    detail        text
);
CREATE INDEX live_drill_open ON live_drill (requested_at) WHERE finished_at IS NULL;
