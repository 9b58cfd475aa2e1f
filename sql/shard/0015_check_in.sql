-- Check-in at the door: set once, by the event's grain, on a confirmed booking (docs/api.md, check-ins). A checked-in
-- booking is no longer cancelled on its own (no refund after entry); cancelling the whole event still refunds it.
ALTER TABLE bookings ADD COLUMN IF NOT EXISTS checked_in_at timestamptz NULL;
