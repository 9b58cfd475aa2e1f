-- A rebalance (docs/operations.md, "Rebalancing") is a plan of bucket moves run one at a time. The plan and each move's
-- progress are kept here, so a mover that dies part-way is resumed by the next one: a move marked 'moving' is looked at
-- again (the map says whether its flip committed) and either completed or redone from the start; never half a bucket.
-- At most one run is unfinished at a time.
CREATE TABLE IF NOT EXISTS rebalance_runs (
    id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    started_at  timestamptz NOT NULL DEFAULT now(),
    finished_at timestamptz
);

CREATE UNIQUE INDEX IF NOT EXISTS rebalance_runs_one_unfinished ON rebalance_runs ((true)) WHERE finished_at IS NULL;

CREATE TABLE IF NOT EXISTS rebalance_moves (
    run_id       bigint      NOT NULL REFERENCES rebalance_runs (id),
    step         integer     NOT NULL CHECK (step >= 0),
    bucket       integer     NOT NULL CHECK (bucket BETWEEN 0 AND 1023),
    from_ordinal integer     NOT NULL CHECK (from_ordinal >= 0), -- shard numbers (shard_databases.ordinal); no foreign key,
    to_ordinal   integer     NOT NULL CHECK (to_ordinal >= 0),   -- so the map's tables stay droppable and rebuildable alone
    row_count    bigint      NOT NULL CHECK (row_count >= 0), -- events and bookings of the bucket when planned
    state        text        NOT NULL DEFAULT 'planned' CHECK (state IN ('planned', 'moving', 'done', 'skipped')),
    attempts     integer     NOT NULL DEFAULT 0,
    finished_at  timestamptz,
    PRIMARY KEY (run_id, step),
    UNIQUE (run_id, bucket)
);
