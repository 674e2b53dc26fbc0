-- What each member wants to be notified of, per guild and per channel (Discord's user guild settings).
-- Only the user's own choices: whether a given message notifies is computed by their client.
--
-- message_notifications: 0 all messages, 1 only mentions, 2 nothing (Discord's values).
-- muted with mute_end_time: muted until that time (ms since the epoch), or until turned back on (null).
-- The rows belong to a membership: leaving, being kicked or banned, or the guild's deletion cascades.
CREATE TABLE user_guild_settings (
  guild_id              BIGINT NOT NULL,
  user_id               BIGINT NOT NULL,
  message_notifications INTEGER NOT NULL DEFAULT 0,
  muted                 INTEGER NOT NULL DEFAULT 0,
  mute_end_time         BIGINT,
  PRIMARY KEY (guild_id, user_id),
  CONSTRAINT user_guild_settings_member_fk FOREIGN KEY (guild_id, user_id)
    REFERENCES members (guild_id, user_id) ON DELETE CASCADE
);
CREATE INDEX user_guild_settings_user ON user_guild_settings (user_id);

-- A channel's override of its guild's setting; message_notifications null inherits the guild's.
-- Goes with the guild's row (so with the membership) and with the channel.
CREATE TABLE user_channel_overrides (
  guild_id              BIGINT NOT NULL,
  user_id               BIGINT NOT NULL,
  channel_id            BIGINT NOT NULL,
  message_notifications INTEGER,
  muted                 INTEGER NOT NULL DEFAULT 0,
  mute_end_time         BIGINT,
  PRIMARY KEY (guild_id, user_id, channel_id),
  CONSTRAINT user_channel_overrides_settings_fk FOREIGN KEY (guild_id, user_id)
    REFERENCES user_guild_settings (guild_id, user_id) ON DELETE CASCADE,
  CONSTRAINT user_channel_overrides_channel_fk FOREIGN KEY (channel_id)
    REFERENCES channels (id) ON DELETE CASCADE
);
CREATE INDEX user_channel_overrides_channel ON user_channel_overrides (channel_id);
