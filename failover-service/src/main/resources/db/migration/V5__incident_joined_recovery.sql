-- The recovery an incident joined (a component is not recovered twice at once): when that recovery ends while a
-- probe still finds the component down, the incident is decided again instead of staying open with nothing running.
ALTER TABLE incident ADD COLUMN joined_recovery text;
CREATE INDEX incident_joined_recovery ON incident (joined_recovery) WHERE status = 'OPEN';
