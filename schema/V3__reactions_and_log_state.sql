-- Reactions: one row per user, message and emoji.
CREATE TABLE reactions (
  message_id BIGINT NOT NULL,
  user_id    BIGINT NOT NULL,
  emoji      TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (message_id, user_id, emoji)
);
CREATE INDEX reactions_message ON reactions (message_id);

-- How far the event log has been compacted: a cursor at or below trimmed_through may have
-- missed events that are gone, so its stream gets RESYNC.
CREATE TABLE event_log_state (
  id              INTEGER PRIMARY KEY,
  trimmed_through BIGINT NOT NULL
);
INSERT INTO event_log_state (id, trimmed_through) VALUES (1, 0);
