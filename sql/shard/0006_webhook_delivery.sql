-- Webhook delivery 1.1: a per-shard order for notifications, the receiver (origin) each webhook goes to, a
-- delivery_failed state, and the indexes the dispatcher, the admin list and retention read through.

-- Insertion order on the shard. One event's notifications are written by its grain one batch at a time, so for a
-- given event this is the order the changes happened in; receivers get it as "sequence".
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS seq bigint GENERATED ALWAYS AS IDENTITY;

-- scheme://host[:port] of the webhook URL: the unit of per-receiver concurrency, of redelivery, and of logging
-- (a URL's path may carry a secret, its origin does not).
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS receiver text
    GENERATED ALWAYS AS (lower(substring(webhook_url FROM '^[A-Za-z][A-Za-z0-9+.-]*://[^/?#]*'))) STORED;

ALTER TABLE notifications ADD COLUMN IF NOT EXISTS failed_at timestamptz;
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS last_attempt_at timestamptz;
-- When the current run of attempts began (its first attempt; cleared by an admin's redelivery). The retry window counts from it.
ALTER TABLE notifications ADD COLUMN IF NOT EXISTS delivery_started_at timestamptz;

-- Version 1.0 gave up by clearing next_attempt_at: those rows are failed deliveries now (and can be redelivered).
UPDATE notifications SET failed_at = created_at
WHERE webhook_url IS NOT NULL AND dispatched_at IS NULL AND next_attempt_at IS NULL AND failed_at IS NULL;

DROP INDEX IF EXISTS idx_notifications_undispatched;
CREATE INDEX IF NOT EXISTS idx_notifications_due ON notifications (next_attempt_at)
    WHERE dispatched_at IS NULL AND failed_at IS NULL AND webhook_url IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_notifications_pending_order ON notifications (user_id, event_id, seq)
    WHERE dispatched_at IS NULL AND failed_at IS NULL AND webhook_url IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_notifications_failed ON notifications (receiver, failed_at DESC)
    WHERE failed_at IS NOT NULL;
CREATE INDEX IF NOT EXISTS idx_notifications_created ON notifications (created_at);
