-- Incidents failover-service said are over (IncidentResolved): their escalation timers end without escalating, also
-- the ones a message sent after the resolution would start.
CREATE TABLE incident_resolution (
    incident_id text        PRIMARY KEY,
    resolved_at timestamptz NOT NULL,
    resolved_by text        NOT NULL
);
