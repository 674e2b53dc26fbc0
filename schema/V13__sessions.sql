-- A token is a session the user can see and end: an opaque id to name it by (never the token hash,
-- which must not leave the server), when it was last used, and what it runs on ("Chrome on Linux").
-- Tokens from before this migration get their session_id from the store the first time it lists
-- them (no SQL both SQLite and PostgreSQL accept makes a unique random id), and a last use of their start.
ALTER TABLE tokens ADD COLUMN session_id BIGINT;
ALTER TABLE tokens ADD COLUMN last_used_at BIGINT;
ALTER TABLE tokens ADD COLUMN device TEXT;
UPDATE tokens SET last_used_at = created_at;
CREATE UNIQUE INDEX tokens_session ON tokens (session_id);
