-- Directory database: what is global to the cluster. Users are looked up by id and by
-- normalised email; the email is stored already normalised (trimmed, lower-case).
CREATE TABLE IF NOT EXISTS users (
    id            uuid         PRIMARY KEY,
    email         varchar(254) NOT NULL,
    name          varchar(100) NOT NULL,
    password_hash text         NOT NULL,
    role          varchar(16)  NOT NULL DEFAULT 'user' CHECK (role IN ('user', 'admin')),
    is_active     boolean      NOT NULL DEFAULT true,
    version       integer      NOT NULL DEFAULT 1,
    created_at    timestamptz  NOT NULL DEFAULT now(),
    updated_at    timestamptz  NOT NULL DEFAULT now(),
    CONSTRAINT users_email_normalised CHECK (email = lower(btrim(email)))
);

CREATE UNIQUE INDEX IF NOT EXISTS ux_users_email ON users (email);
