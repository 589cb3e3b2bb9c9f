-- How firmly a fenced node is fenced: HARD (no session can write there), SOFT (read-only by default only, which a
-- client session can lift), NONE (not fenced: unreachable when it was replaced, or fencing off).
ALTER TABLE db_node ADD COLUMN fence text;
