-- How every recovery this service heard of ended (its RecoveryCompleted): a system-recovery saga that adopts a
-- component's recovery already running learns its end even when it came before the adoption.
CREATE TABLE recovery_outcome (
    recovery_id  text        PRIMARY KEY,
    status       text        NOT NULL,
    error        text,
    completed_at timestamptz NOT NULL DEFAULT now()
);

-- A saga step waits on one recovery; an adopted recovery may be waited on by the step of another saga too.
ALTER TABLE child_recovery DROP CONSTRAINT child_recovery_pkey;
ALTER TABLE child_recovery ADD PRIMARY KEY (parent_id, step);
CREATE INDEX child_recovery_recovery ON child_recovery (recovery_id);
ALTER TABLE child_recovery ADD COLUMN adopted boolean NOT NULL DEFAULT false;
