-- Model backups whose restored version degraded while watched: an automatic restore passes over them (an operator
-- may still restore one by naming it).
CREATE TABLE degraded_model_backup (
    backup_id text        PRIMARY KEY,
    detail    text        NOT NULL,
    found_at  timestamptz NOT NULL DEFAULT now()
);
