-- What each member wants to be notified of, per guild and per channel (Discord's user guild settings).
-- Only the user's own choices: whether a given message notifies is computed by their client.
--
-- message_notifications: 0 all messages, 1 only mentions, 2 nothing (Discord's values).
-- muted with mute_end_time: muted until that time (ms since the epoch), or until turned back on (null).
-- The rows belong to a membership: leaving, being kicked or banned, or the guild's deletion cascades.
CREATE TABLE user_guild_settings (
  guild_id              BIGINT NOT NULL,
  user_id               BIGINT NOT NULL,
  message_notifications INTEGER NOT NULL DEFAULT 1, -- only mentions: the default for a busy server
  muted                 INTEGER NOT NULL DEFAULT 0,
  mute_end_time         BIGINT,
  PRIMARY KEY (guild_id, user_id),
  CONSTRAINT user_guild_settings_member_fk FOREIGN KEY (guild_id, user_id)
    REFERENCES members (guild_id, user_id) ON DELETE CASCADE
);
CREATE INDEX user_guild_settings_user ON user_guild_settings (user_id);

-- A channel's (or category's) override of its guild's setting; message_notifications null inherits the
-- guild's. Goes with the guild's row, so with the membership. Deliberately no key to channels: a deleted
-- channel's override stays until the member's next change of the guild's settings prunes it, so that no
-- row vanishes without the event that tells the member's clients (and an override named in a snapshot
-- says nothing of whether its channel still exists, or is hidden now).
CREATE TABLE user_channel_overrides (
  guild_id              BIGINT NOT NULL,
  user_id               BIGINT NOT NULL,
  channel_id            BIGINT NOT NULL,
  message_notifications INTEGER,
  muted                 INTEGER NOT NULL DEFAULT 0,
  mute_end_time         BIGINT,
  PRIMARY KEY (guild_id, user_id, channel_id),
  CONSTRAINT user_channel_overrides_settings_fk FOREIGN KEY (guild_id, user_id)
    REFERENCES user_guild_settings (guild_id, user_id) ON DELETE CASCADE
);
