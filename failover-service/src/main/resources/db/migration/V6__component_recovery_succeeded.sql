-- A component's claim whose recovery already succeeded and is only settling (absorbing lagging alerts): a new outage
-- that reality confirms (a probe saw the component healthy, then down again) takes it over instead of joining it.
ALTER TABLE component_recovery ADD COLUMN succeeded boolean NOT NULL DEFAULT false;
