-- Checkout holds (API 1.1): seats held for a buyer while they pay. Held seats are counted in events.held_seats beside
-- waitlist promotions, so the seat equation stays available + held + Σ confirmed = capacity, with
-- held = Σ active promotions + Σ holds in status 'held'. Written by the event's grain in the same transaction as the
-- seat change; a hold's id carries the event's shard bucket like every other id here.
ALTER TABLE events ADD COLUMN IF NOT EXISTS hold_minutes integer NOT NULL DEFAULT 10 CHECK (hold_minutes BETWEEN 1 AND 60);

CREATE TABLE IF NOT EXISTS holds (
    id              uuid           PRIMARY KEY,
    event_id        uuid           NOT NULL REFERENCES events (id),
    user_id         uuid           NOT NULL, -- directory.users(id); no cross-database FK
    quantity        integer        NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    unit_price      numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
    total_amount    numeric(12, 2) NOT NULL CHECK (total_amount >= 0),
    status          varchar(16)    NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'confirmed', 'released', 'expired')),
    expires_at      timestamptz    NOT NULL,
    booking_id      uuid           REFERENCES bookings (id),
    idempotency_key varchar(64),
    created_at      timestamptz    NOT NULL DEFAULT now(),
    resolved_at     timestamptz,
    CONSTRAINT holds_idempotency_key UNIQUE (user_id, event_id, idempotency_key),
    CONSTRAINT holds_booking_matches_status CHECK ((status = 'confirmed') = (booking_id IS NOT NULL)),
    CONSTRAINT holds_resolved_at_matches_status CHECK ((status = 'held') = (resolved_at IS NULL))
);

-- Loading an event's active holds at activation, and the auditor's Σ per event.
CREATE INDEX IF NOT EXISTS idx_holds_event_active ON holds (event_id) WHERE status = 'held';
-- Analytics: holds created in a window and what became of them, from the index alone.
CREATE INDEX IF NOT EXISTS idx_holds_created ON holds (created_at) INCLUDE (status);
