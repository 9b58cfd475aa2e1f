-- Shard database: an organizer's events and everything that hangs off them.
-- Users live in the directory database, so user_id columns here carry no foreign key:
-- PostgreSQL cannot enforce a reference across databases; the front end checks the user instead.

CREATE TABLE IF NOT EXISTS events (
    id                       uuid           PRIMARY KEY,
    organizer_id             uuid           NOT NULL,
    name                     varchar(200)   NOT NULL,
    description              text           NOT NULL DEFAULT '',
    venue                    varchar(200)   NOT NULL,
    event_date               timestamptz    NOT NULL,
    total_capacity           integer        NOT NULL CHECK (total_capacity BETWEEN 1 AND 1000000),
    available_seats          integer        NOT NULL,
    held_seats               integer        NOT NULL DEFAULT 0 CHECK (held_seats >= 0),
    price                    numeric(12, 2) NOT NULL CHECK (price >= 0),
    base_price               numeric(12, 2) NOT NULL CHECK (base_price >= 0),
    pricing_policy           varchar(16)    NOT NULL DEFAULT 'fixed' CHECK (pricing_policy IN ('fixed', 'demand')),
    status                   varchar(16)    NOT NULL DEFAULT 'published' CHECK (status IN ('published', 'cancelled', 'completed')),
    promotion_window_minutes integer        NOT NULL DEFAULT 15 CHECK (promotion_window_minutes BETWEEN 1 AND 10080),
    version                  bigint         NOT NULL DEFAULT 1,
    created_at               timestamptz    NOT NULL DEFAULT now(),
    updated_at               timestamptz    NOT NULL DEFAULT now(),
    CONSTRAINT events_available_seats_range CHECK (available_seats BETWEEN 0 AND total_capacity),
    CONSTRAINT events_seats_within_capacity CHECK (available_seats + held_seats <= total_capacity)
);

CREATE TABLE IF NOT EXISTS bookings (
    id              uuid           PRIMARY KEY,
    user_id         uuid           NOT NULL, -- directory.users(id); no cross-database FK
    event_id        uuid           NOT NULL REFERENCES events (id),
    booking_ref     varchar(16)    NOT NULL,
    quantity        integer        NOT NULL CHECK (quantity BETWEEN 1 AND 100),
    unit_price      numeric(12, 2) NOT NULL CHECK (unit_price >= 0),
    total_amount    numeric(12, 2) NOT NULL CHECK (total_amount >= 0),
    status          varchar(16)    NOT NULL DEFAULT 'confirmed' CHECK (status IN ('confirmed', 'cancelled')),
    idempotency_key varchar(64),
    created_at      timestamptz    NOT NULL DEFAULT now(),
    cancelled_at    timestamptz,
    CONSTRAINT bookings_booking_ref_key UNIQUE (booking_ref),
    CONSTRAINT bookings_idempotency_key UNIQUE (user_id, event_id, idempotency_key),
    CONSTRAINT bookings_cancelled_at_matches_status CHECK ((status = 'cancelled') = (cancelled_at IS NOT NULL))
);

CREATE TABLE IF NOT EXISTS waitlists (
    id                       uuid         PRIMARY KEY,
    user_id                  uuid         NOT NULL, -- directory.users(id); no cross-database FK
    event_id                 uuid         NOT NULL REFERENCES events (id),
    position                 integer      NOT NULL CHECK (position >= 0),
    quantity                 integer      NOT NULL DEFAULT 1 CHECK (quantity BETWEEN 1 AND 100),
    priority_score           integer      NOT NULL DEFAULT 0,
    joined_at                timestamptz  NOT NULL DEFAULT now(),
    expires_at               timestamptz,
    status                   varchar(16)  NOT NULL DEFAULT 'waiting' CHECK (status IN ('waiting', 'promoted', 'booked', 'expired', 'left', 'closed')),
    notification_preferences jsonb        NOT NULL DEFAULT '{"inApp": true}',
    CONSTRAINT waitlists_user_event_key UNIQUE (user_id, event_id)
);

CREATE TABLE IF NOT EXISTS waitlist_promotions (
    id           uuid        PRIMARY KEY,
    waitlist_id  uuid        NOT NULL REFERENCES waitlists (id),
    event_id     uuid        NOT NULL REFERENCES events (id),
    quantity     integer     NOT NULL CHECK (quantity >= 1),
    promoted_at  timestamptz NOT NULL DEFAULT now(),
    expires_at   timestamptz NOT NULL,
    status       varchar(16) NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'booked', 'expired', 'released')),
    booking_id   uuid        REFERENCES bookings (id),
    resolved_at  timestamptz
);

CREATE TABLE IF NOT EXISTS pricing_history (
    id            uuid           PRIMARY KEY,
    event_id      uuid           NOT NULL REFERENCES events (id),
    old_price     numeric(12, 2) NOT NULL,
    new_price     numeric(12, 2) NOT NULL,
    change_reason varchar(200)   NOT NULL,
    applied_by    varchar(64)    NOT NULL, -- an admin's user id, or 'system' for demand steps
    applied_at    timestamptz    NOT NULL DEFAULT now()
);

-- The transactional outbox: written in the same transaction as the change that causes it.
CREATE TABLE IF NOT EXISTS notifications (
    id            uuid        PRIMARY KEY,
    user_id       uuid        NOT NULL, -- directory.users(id); no cross-database FK
    event_id      uuid        NOT NULL REFERENCES events (id),
    kind          varchar(32) NOT NULL,
    payload       jsonb       NOT NULL,
    webhook_url   text,
    created_at    timestamptz NOT NULL DEFAULT now(),
    read_at       timestamptz,
    dispatched_at timestamptz,
    attempts      integer     NOT NULL DEFAULT 0,
    next_attempt_at timestamptz,
    last_error    text
);

CREATE INDEX IF NOT EXISTS idx_events_event_date         ON events (event_date);
CREATE INDEX IF NOT EXISTS idx_bookings_user_created     ON bookings (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_bookings_event_status     ON bookings (event_id, status);
CREATE INDEX IF NOT EXISTS idx_waitlists_event_position  ON waitlists (event_id, position);
CREATE INDEX IF NOT EXISTS idx_pricing_history_event     ON pricing_history (event_id, applied_at DESC);
CREATE INDEX IF NOT EXISTS idx_bookings_created          ON bookings (created_at);
CREATE INDEX IF NOT EXISTS idx_events_organizer          ON events (organizer_id);
CREATE INDEX IF NOT EXISTS idx_notifications_user        ON notifications (user_id, created_at DESC);
CREATE INDEX IF NOT EXISTS idx_notifications_undispatched ON notifications (next_attempt_at) WHERE dispatched_at IS NULL AND webhook_url IS NOT NULL;
