-- Mentions and read state (Discord's read states: per user and channel, the newest message they read).
--
-- A message's parsed mentions live on its row, so that pages, replay and the snapshot give the same
-- fields: mentions_json is the array of user objects Discord's `mentions` holds (names as of the send
-- or the last edit, like the event log's copy), mention_roles_json the role ids; both are null for the
-- many messages that mention no one, so the common send writes nothing more.
ALTER TABLE messages ADD COLUMN mentions_json TEXT;
ALTER TABLE messages ADD COLUMN mention_roles_json TEXT;
ALTER TABLE messages ADD COLUMN mention_everyone INTEGER NOT NULL DEFAULT 0;

-- The newest message each user has read in each channel. It only moves forward.
CREATE TABLE read_states (
  user_id         BIGINT NOT NULL,
  channel_id      BIGINT NOT NULL,
  last_message_id BIGINT NOT NULL,
  PRIMARY KEY (user_id, channel_id),
  CONSTRAINT read_states_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT read_states_channel_fk FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE
);

-- A mention that pinged a user (a direct mention, a role of theirs, @everyone, or any message in their DM)
-- and that they have not read past yet: one row per (user, message), written when the message is sent, for
-- those who could see it then. An ack removes the rows it reads past. Deliberately without a key to messages:
-- as in Discord, a deleted message's mention still counts until it is read past ("ghost ping"), so a count
-- never changes behind the back of a user who could not see the deletion.
CREATE TABLE unread_mentions (
  user_id    BIGINT NOT NULL,
  channel_id BIGINT NOT NULL,
  message_id BIGINT NOT NULL,
  PRIMARY KEY (user_id, channel_id, message_id),
  CONSTRAINT unread_mentions_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT unread_mentions_channel_fk FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE
);
