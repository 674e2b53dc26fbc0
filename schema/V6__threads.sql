-- Threads (Discord's type 11 channels): a thread is a row of channels, so that its messages, reactions
-- and events work as in any channel. Its parent is thread_parent_id, not parent_id: parent_id is a
-- category and ON DELETE SET NULL, while a thread goes with its parent channel (ON DELETE CASCADE, and
-- from the thread's channel row its messages, metadata and members cascade in turn).
ALTER TABLE channels ADD COLUMN thread_parent_id BIGINT
  CONSTRAINT channels_thread_parent_fk REFERENCES channels (id) ON DELETE CASCADE;
CREATE INDEX channels_thread_parent ON channels (thread_parent_id);

-- What only a thread has (Discord's thread_metadata, and its owner).
CREATE TABLE threads (
  channel_id            BIGINT PRIMARY KEY,
  owner_id              BIGINT NOT NULL,
  auto_archive_duration INTEGER NOT NULL,  -- minutes without a message: 60, 1440, 4320 or 10080
  archived              INTEGER NOT NULL DEFAULT 0,
  locked                INTEGER NOT NULL DEFAULT 0,
  archive_timestamp     BIGINT NOT NULL,   -- when archived last changed (creation at first), epoch ms
  last_activity_at      BIGINT NOT NULL,   -- creation or the newest message, epoch ms: the archive clock
  CONSTRAINT threads_channel_fk FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE
);
CREATE INDEX threads_active ON threads (archived, last_activity_at);

-- Who joined a thread (by posting in it, starting it, or PUT thread-members/@me).
CREATE TABLE thread_members (
  thread_id      BIGINT NOT NULL,
  user_id        BIGINT NOT NULL,
  join_timestamp BIGINT NOT NULL,
  PRIMARY KEY (thread_id, user_id),
  CONSTRAINT thread_members_thread_fk FOREIGN KEY (thread_id) REFERENCES channels (id) ON DELETE CASCADE,
  CONSTRAINT thread_members_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX thread_members_user ON thread_members (user_id);
