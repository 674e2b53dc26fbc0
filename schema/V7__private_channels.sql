-- Direct messages (channel type 1), group DMs (type 3), and blocking.
--
-- A private channel is a row of channels with no guild; who is in it is channel_recipients. A 1:1 DM
-- is found again by dm_key, "<lower user id>:<higher user id>", unique: the same two people always
-- get the same channel. A group DM has an owner (who may add and remove people) and an optional name.
ALTER TABLE channels ADD COLUMN owner_id BIGINT;
ALTER TABLE channels ADD COLUMN dm_key TEXT;
CREATE UNIQUE INDEX channels_dm_key ON channels (dm_key);

CREATE TABLE channel_recipients (
  channel_id BIGINT NOT NULL,
  user_id    BIGINT NOT NULL,
  joined     BIGINT NOT NULL,   -- a snowflake taken as they joined: the order people joined in (the heir of a leaving owner is the first after them)
  PRIMARY KEY (channel_id, user_id),
  CONSTRAINT channel_recipients_channel_fk FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE,
  CONSTRAINT channel_recipients_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX channel_recipients_user ON channel_recipients (user_id);

-- A user's relationships with others: type 2 is a block (Discord's number). Only its owner sees it.
CREATE TABLE relationships (
  user_id    BIGINT NOT NULL,
  target_id  BIGINT NOT NULL,
  type       INTEGER NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (user_id, target_id),
  CONSTRAINT relationships_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT relationships_target_fk FOREIGN KEY (target_id) REFERENCES users (id) ON DELETE CASCADE
);
CREATE INDEX relationships_target ON relationships (target_id);
