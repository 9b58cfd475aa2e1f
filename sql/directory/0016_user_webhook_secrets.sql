-- One webhook signing secret per user (docs/webhooks.md#verifying-a-delivery): a delivery is signed with its recipient's
-- secret, so verifying one's own deliveries gives no way to sign another user's. After a rotation the replaced secret
-- still signs (next to the new one) until the dispatcher's overlap after rotated_at has passed.
CREATE TABLE IF NOT EXISTS user_webhook_secrets (
    user_id         uuid        PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
    secret          text        NOT NULL,
    previous_secret text,
    rotated_at      timestamptz,
    created_at      timestamptz NOT NULL DEFAULT now()
);
