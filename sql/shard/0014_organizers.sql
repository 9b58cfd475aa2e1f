-- Version 1.3, organizers run their own events (docs/api.md#organizers).
-- Drafts: an event created unpublished, seen by its organizer and admins only, never bookable.
ALTER TABLE events DROP CONSTRAINT IF EXISTS events_status_check;
ALTER TABLE events ADD CONSTRAINT events_status_check CHECK (status IN ('draft', 'published', 'cancelled', 'completed'));

-- What an event's ETag stands for: changes an organizer makes (details, capacity, sale settings, plan, price, status),
-- not bookings, so an edit with If-Match is not refused because seats sold meanwhile. `version` stays the commit guard.
ALTER TABLE events ADD COLUMN IF NOT EXISTS edit_version bigint NOT NULL DEFAULT 1 CHECK (edit_version > 0);

-- An organizer's events, newest first, and an event's attendees in booking order: both read without a sort.
CREATE INDEX IF NOT EXISTS idx_events_organizer_created ON events (organizer_id, created_at DESC, id DESC);
CREATE INDEX IF NOT EXISTS idx_bookings_event_confirmed_created ON bookings (event_id, created_at, id) WHERE status = 'confirmed';
