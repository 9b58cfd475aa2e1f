-- The waiting room's writer guard: one row per event whose room has written, with the version every write checks and
-- moves on in the same transaction as its entries. Of two activations of one room (a split brain, a failover that
-- overlaps), the one that loaded an older version fails its write and reloads instead of overwriting the other's.
-- Rooms that wrote before this migration have no row: they read as version 0, and their next write creates it.
CREATE TABLE IF NOT EXISTS queue_rooms (
    event_id uuid   PRIMARY KEY REFERENCES events (id),
    version  bigint NOT NULL CHECK (version > 0)
);
