-- The catalog read model of every front end asks each shard a few times a second for the events changed lately
-- (updated_at at or after the newest it has seen, minus a margin): an index keeps that a short range scan.
CREATE INDEX IF NOT EXISTS idx_events_updated_at ON events (updated_at);
