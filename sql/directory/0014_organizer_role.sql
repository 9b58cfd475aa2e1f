-- Version 1.3 adds the organizer role: a user who creates and runs their own events (docs/api.md#organizers).
ALTER TABLE users DROP CONSTRAINT IF EXISTS users_role_check;
ALTER TABLE users ADD CONSTRAINT users_role_check CHECK (role IN ('user', 'organizer', 'admin'));
