-- The platform's time-series database: raw meter telemetry. Idempotent: only seeds an empty database.
CREATE TABLE IF NOT EXISTS telemetry (
    meter_id  integer     NOT NULL,
    ts        timestamptz NOT NULL,
    kwh       double precision NOT NULL,
    voltage   double precision NOT NULL,
    PRIMARY KEY (meter_id, ts)
);

INSERT INTO telemetry (meter_id, ts, kwh, voltage)
SELECT m, ts, 1.5 + (m % 7) * 0.1, 230 + (m % 5)
FROM generate_series(1, 50) AS m,
     generate_series(timestamptz '2026-01-01', timestamptz '2026-01-01 12:00', interval '5 minutes') AS ts
WHERE NOT EXISTS (SELECT 1 FROM telemetry)
ON CONFLICT DO NOTHING;
