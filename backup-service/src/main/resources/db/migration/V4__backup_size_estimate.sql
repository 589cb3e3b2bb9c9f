-- What a backup's percent and ETA were measured against: the size at the source when it started (pg_database_size;
-- null when not measured) and the total estimated from it. With size_bytes (the raw bytes it read in the end) they
-- let the next backup of the same target and kind calibrate its estimate, and show how far off an estimate was.
ALTER TABLE backup ADD COLUMN source_bytes bigint;
ALTER TABLE backup ADD COLUMN estimated_bytes bigint;
