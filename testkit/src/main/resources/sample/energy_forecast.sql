-- A small energy_forecast database shaped like the platform's: sites, a model registry, forecasts and
-- meter readings. Idempotent: only seeds an empty database.
CREATE TABLE IF NOT EXISTS sites (
    site_id     integer PRIMARY KEY,
    name        text        NOT NULL,
    region      text        NOT NULL,
    capacity_mw numeric(8, 2) NOT NULL
);

CREATE TABLE IF NOT EXISTS model_registry (
    model_id    bigserial PRIMARY KEY,
    name        text        NOT NULL,
    version     text        NOT NULL,
    artifact    text        NOT NULL,
    sha256      text        NOT NULL,
    mape        numeric(6, 3),
    deployed    boolean     NOT NULL DEFAULT false,
    created_at  timestamptz NOT NULL DEFAULT now(),
    UNIQUE (name, version)
);

CREATE TABLE IF NOT EXISTS forecasts (
    forecast_id   bigserial PRIMARY KEY,
    site_id       integer     NOT NULL REFERENCES sites (site_id),
    model_id      bigint      NOT NULL REFERENCES model_registry (model_id),
    target_time   timestamptz NOT NULL,
    horizon_hours integer     NOT NULL,
    predicted_mw  numeric(10, 3) NOT NULL,
    lower_mw      numeric(10, 3),
    upper_mw      numeric(10, 3),
    created_at    timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX IF NOT EXISTS forecasts_site_time ON forecasts (site_id, target_time);

CREATE TABLE IF NOT EXISTS meter_readings (
    site_id     integer     NOT NULL REFERENCES sites (site_id),
    read_at     timestamptz NOT NULL,
    consumption_mw numeric(10, 3) NOT NULL,
    generation_mw  numeric(10, 3) NOT NULL,
    PRIMARY KEY (site_id, read_at)
);

INSERT INTO sites (site_id, name, region, capacity_mw)
SELECT s, 'site-' || s, (ARRAY['north', 'south', 'east', 'west'])[1 + s % 4], 50 + s * 5
FROM generate_series(1, 20) AS s
ON CONFLICT DO NOTHING;

INSERT INTO model_registry (name, version, artifact, sha256, mape, deployed)
VALUES ('load-forecast', '1.0.0', 'models/load-forecast/1.0.0/model.onnx', repeat('a', 64), 4.210, false),
       ('load-forecast', '1.1.0', 'models/load-forecast/1.1.0/model.onnx', repeat('b', 64), 3.870, true),
       ('solar-forecast', '2.3.1', 'models/solar-forecast/2.3.1/model.onnx', repeat('c', 64), 6.020, true)
ON CONFLICT DO NOTHING;

INSERT INTO meter_readings (site_id, read_at, consumption_mw, generation_mw)
SELECT s, ts, round((20 + 10 * sin(extract(epoch FROM ts) / 3600.0) + s)::numeric, 3),
       round((15 + 8 * cos(extract(epoch FROM ts) / 7200.0))::numeric, 3)
FROM generate_series(1, 20) AS s,
     generate_series(timestamptz '2026-01-01', timestamptz '2026-01-02', interval '15 minutes') AS ts
WHERE NOT EXISTS (SELECT 1 FROM meter_readings)
ON CONFLICT DO NOTHING;

INSERT INTO forecasts (site_id, model_id, target_time, horizon_hours, predicted_mw, lower_mw, upper_mw)
SELECT s, 2, ts, 24, round((20 + 10 * sin(extract(epoch FROM ts) / 3600.0) + s)::numeric, 3),
       round((18 + 10 * sin(extract(epoch FROM ts) / 3600.0) + s)::numeric, 3),
       round((22 + 10 * sin(extract(epoch FROM ts) / 3600.0) + s)::numeric, 3)
FROM generate_series(1, 20) AS s,
     generate_series(timestamptz '2026-01-02', timestamptz '2026-01-03', interval '1 hour') AS ts
WHERE NOT EXISTS (SELECT 1 FROM forecasts);
