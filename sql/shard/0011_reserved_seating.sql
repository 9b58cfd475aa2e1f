-- Reserved seating (API 1.2). An event with a seating plan keeps its plan here; seats are addressed by their index in
-- plan order (sections, rows, numbers), which never changes once a seat is sold or held (the plan is fixed from then
-- on). Only seats that are not available have a row: a sold seat in booking_seats (its confirmed booking), a held one
-- in held_seats (its checkout hold or waitlist promotion). The primary keys make a seat belong to at most one booking
-- and at most one holder; the auditor checks no seat is in both and that the counts equal the events row. Both are
-- written by the event's grain in the same transaction as the seat change; an event's cancellation deletes its rows.
CREATE TABLE IF NOT EXISTS seating_plans (
    event_id   uuid        PRIMARY KEY REFERENCES events (id),
    plan       jsonb       NOT NULL,
    seat_count integer     NOT NULL CHECK (seat_count BETWEEN 1 AND 100000),
    updated_at timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE IF NOT EXISTS booking_seats (
    event_id   uuid    NOT NULL,
    seat       integer NOT NULL CHECK (seat >= 0),
    booking_id uuid    NOT NULL,
    PRIMARY KEY (event_id, seat)
);

-- Cancelling a booking deletes its seats by booking id.
CREATE INDEX IF NOT EXISTS idx_booking_seats_booking ON booking_seats (booking_id);

CREATE TABLE IF NOT EXISTS held_seats (
    event_id  uuid    NOT NULL,
    seat      integer NOT NULL CHECK (seat >= 0),
    holder_id uuid    NOT NULL, -- holds(id) or waitlist_promotions(id)
    PRIMARY KEY (event_id, seat)
);

CREATE INDEX IF NOT EXISTS idx_held_seats_holder ON held_seats (holder_id);
