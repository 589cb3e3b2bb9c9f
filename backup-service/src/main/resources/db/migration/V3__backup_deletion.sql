-- Who deleted a backup and when: an operator by name (DELETE /backups/{id}), or "retention" for expired ones.
ALTER TABLE backup ADD COLUMN deleted_by text;
ALTER TABLE backup ADD COLUMN deleted_at timestamptz;
