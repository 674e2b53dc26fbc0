-- Each logged event records its audience (EventType.Audience, over the row's guild, channel and
-- user scope), whether it may have changed what its receivers see (a replay across it answers
-- RESYNC to them), and the message it is about, so that deleting or editing a message can take its
-- old text out of the log.
ALTER TABLE events ADD COLUMN audience TEXT;
ALTER TABLE events ADD COLUMN reshapes INTEGER NOT NULL DEFAULT 0;
ALTER TABLE events ADD COLUMN message_id BIGINT;
-- Where a user's memberships began, for replay: found by user, newest first.
CREATE INDEX events_user ON events (user_id, id);
CREATE INDEX events_message ON events (message_id);
-- Rows logged before this migration know neither their audience nor whether they reshaped it:
-- cursors from before it get RESYNC (one fresh snapshot per client) rather than a replay judged blind.
UPDATE event_log_state SET trimmed_through = (SELECT COALESCE(MAX(id), 0) FROM events) WHERE id = 1;
