-- A disabled user's waitlist entry stands out of line (not promoted, no position) and keeps its key
-- (priority_score, joined_at, id), so re-enabling the account puts it back in its place.
ALTER TABLE waitlists ADD COLUMN IF NOT EXISTS suspended boolean NOT NULL DEFAULT false;

-- The event grain writes only the entries a batch touched: the live position is derived from the key above.
COMMENT ON COLUMN waitlists.position IS
    'Position in line when the row was last written (0 once out of line). Live positions are derived from (priority_score DESC, joined_at, id) among open, non-suspended entries.';

-- Finding a user's open entries across events when their account is disabled or enabled again.
CREATE INDEX IF NOT EXISTS idx_waitlists_user_open ON waitlists (user_id) WHERE status IN ('waiting', 'promoted');
