-- Bans: a banned user is removed and cannot rejoin by invite or from the directory.
CREATE TABLE bans (
  guild_id   BIGINT NOT NULL,
  user_id    BIGINT NOT NULL,
  reason     TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (guild_id, user_id)
);
