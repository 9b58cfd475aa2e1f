-- Sale day (API 1.1): the sales window, the per-user limit and the waiting room's settings on the event row.
-- Rows written before this migration (or by hand) may leave the window NULL: it then reads as API.md's defaults,
-- from creation until the event (coalesce(sales_start_at, created_at), coalesce(sales_end_at, event_date)).
ALTER TABLE events
    ADD COLUMN IF NOT EXISTS sales_start_at                  timestamptz,
    ADD COLUMN IF NOT EXISTS sales_end_at                    timestamptz,
    ADD COLUMN IF NOT EXISTS max_tickets_per_user            integer CHECK (max_tickets_per_user BETWEEN 1 AND 100),
    ADD COLUMN IF NOT EXISTS waiting_room_admit_per_minute   integer CHECK (waiting_room_admit_per_minute BETWEEN 1 AND 100000),
    ADD COLUMN IF NOT EXISTS waiting_room_admission_minutes  integer CHECK (waiting_room_admission_minutes BETWEEN 1 AND 120),
    ADD COLUMN IF NOT EXISTS waiting_room_opens_minutes_before integer CHECK (waiting_room_opens_minutes_before BETWEEN 0 AND 1440);

ALTER TABLE events DROP CONSTRAINT IF EXISTS events_sales_window;
ALTER TABLE events ADD CONSTRAINT events_sales_window CHECK (sales_start_at IS NULL OR sales_end_at IS NULL OR sales_start_at < sales_end_at);
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_waiting_room_complete;
ALTER TABLE events ADD CONSTRAINT events_waiting_room_complete CHECK (
    (waiting_room_admit_per_minute IS NULL) = (waiting_room_admission_minutes IS NULL)
    AND (waiting_room_admit_per_minute IS NULL) = (waiting_room_opens_minutes_before IS NULL));

-- The per-user limit counts a user's confirmed seats when an event activates, through idx_bookings_event_status: no
-- new index, so the booking insert path pays nothing more.

-- The waiting room: one row per user and event, written in batches by the event's queue grain (joins group-committed,
-- the lottery's ranks and admissions as they happen), so no single row is hot. rank is NULL until the opening's draw
-- for those who joined before it; an admission past admitted_until reads as expired.
CREATE TABLE IF NOT EXISTS queue_entries (
    event_id       uuid        NOT NULL REFERENCES events (id),
    user_id        uuid        NOT NULL, -- directory.users(id); no cross-database FK
    seq            bigint      NOT NULL,
    joined_at      timestamptz NOT NULL,
    rank           bigint,
    status         varchar(16) NOT NULL CHECK (status IN ('waiting', 'admitted')),
    admitted_at    timestamptz,
    admitted_until timestamptz,
    webhook_url    text,
    PRIMARY KEY (event_id, user_id),
    CONSTRAINT queue_entries_admission CHECK ((status = 'admitted') = (admitted_until IS NOT NULL))
);
