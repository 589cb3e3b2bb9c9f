-- When an incident ended without a recovery of the platform (notify-only, or the component came back by itself or by
-- hand): failover-service's IncidentResolved. Such an incident is RESOLVED, no longer open.
ALTER TABLE incident ADD COLUMN resolved_at timestamptz;
ALTER TABLE incident ADD COLUMN resolved_by text;
DROP INDEX incident_open;
CREATE INDEX incident_open ON incident (component) WHERE state IS NOT NULL AND state NOT IN ('RECOVERED', 'RESOLVED');
