-- What a request made with an idempotency key asked for (quantity, named seats, section, together), in the event core's
-- canonical form (RequestShape): a retry with the same key is told the original booking or hold only when it asks the
-- same, also after the event's grain is activated afresh and reads the key back from here. Null for rows without a key
-- and for rows written before this migration (of those only the quantity is compared, as before).
ALTER TABLE bookings ADD COLUMN IF NOT EXISTS idempotency_request text;
ALTER TABLE holds ADD COLUMN IF NOT EXISTS idempotency_request text;
