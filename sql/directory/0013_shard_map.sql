-- The bucket -> shard database map is data, so a database can be added and buckets moved to it without rehashing.
-- shard_databases lists the registered shard databases by ordinal (the shard number every process indexes its data
-- sources by). It holds where a database is, never a password: a process reaches a registered database with its
-- configured ConnectionStrings:Shard<ordinal> when there is one, else with the directory's credentials and options
-- pointed at host/port/database. bucket_map says which database holds each of the 1024 buckets; shard_map_epoch moves
-- forward with every change of either table, and every process re-reads the map when it sees the epoch move.
-- The rows are written at start by the first process that finds bucket_map empty: on a fresh install and on an install
-- that predates this table alike, the map written is bucket % N over the configured shards, the routing such installs
-- already use, so no row moves.
CREATE TABLE IF NOT EXISTS shard_databases (
    ordinal       integer     PRIMARY KEY CHECK (ordinal >= 0),
    host          text,       -- null: the directory's server (an embedded server's port changes between runs)
    port          integer     CHECK (port BETWEEN 1 AND 65535),
    database_name text        NOT NULL,
    added_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE NULLS NOT DISTINCT (host, port, database_name)
);

CREATE TABLE IF NOT EXISTS bucket_map (
    bucket  integer PRIMARY KEY CHECK (bucket BETWEEN 0 AND 1023),
    ordinal integer NOT NULL REFERENCES shard_databases (ordinal)
);

CREATE TABLE IF NOT EXISTS shard_map_epoch (
    singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
    epoch     bigint  NOT NULL CHECK (epoch >= 0)
);
