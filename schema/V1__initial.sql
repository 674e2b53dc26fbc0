-- Guildhall's first schema. One text for SQLite and PostgreSQL: only portable types
-- (BIGINT, INTEGER, TEXT), no database-specific functions. Ids are snowflakes made by
-- the application; times are epoch milliseconds; booleans are 0/1 integers.

CREATE TABLE users (
  id            BIGINT PRIMARY KEY,
  username      TEXT NOT NULL,
  username_key  TEXT NOT NULL UNIQUE,  -- lower-cased: names are unique regardless of case
  global_name   TEXT,
  password_hash TEXT,
  created_at    BIGINT NOT NULL
);

CREATE TABLE tokens (
  token_hash TEXT PRIMARY KEY,          -- SHA-256 of the 256-bit token; the token itself is never stored
  user_id    BIGINT NOT NULL,
  created_at BIGINT NOT NULL
);
CREATE INDEX tokens_user ON tokens (user_id);

CREATE TABLE guilds (
  id          BIGINT PRIMARY KEY,
  name        TEXT NOT NULL,
  description TEXT,
  owner_id    BIGINT NOT NULL,
  is_public   INTEGER NOT NULL DEFAULT 0,
  created_at  BIGINT NOT NULL
);

CREATE TABLE roles (
  id          BIGINT PRIMARY KEY,       -- the @everyone role's id is its guild's id
  guild_id    BIGINT NOT NULL,
  name        TEXT NOT NULL,
  color       INTEGER NOT NULL DEFAULT 0,
  permissions BIGINT NOT NULL DEFAULT 0,
  position    INTEGER NOT NULL DEFAULT 0,
  hoist       INTEGER NOT NULL DEFAULT 0,
  mentionable INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX roles_guild ON roles (guild_id);

CREATE TABLE members (
  guild_id  BIGINT NOT NULL,
  user_id   BIGINT NOT NULL,
  nick      TEXT,
  joined_at BIGINT NOT NULL,
  communication_disabled_until BIGINT,
  PRIMARY KEY (guild_id, user_id)
);
CREATE INDEX members_user ON members (user_id);

CREATE TABLE member_roles (
  guild_id BIGINT NOT NULL,
  user_id  BIGINT NOT NULL,
  role_id  BIGINT NOT NULL,
  PRIMARY KEY (guild_id, user_id, role_id)
);

CREATE TABLE channels (
  id              BIGINT PRIMARY KEY,
  guild_id        BIGINT,               -- null for direct messages
  type            INTEGER NOT NULL,     -- 0 text, 4 category, 1 DM, 11 thread
  name            TEXT,
  topic           TEXT,
  position        INTEGER NOT NULL DEFAULT 0,
  parent_id       BIGINT,
  created_at      BIGINT NOT NULL
);
CREATE INDEX channels_guild ON channels (guild_id);

CREATE TABLE overwrites (
  channel_id BIGINT NOT NULL,
  target_id  BIGINT NOT NULL,
  type       INTEGER NOT NULL,          -- 0 role, 1 member
  allow_bits BIGINT NOT NULL DEFAULT 0,
  deny_bits  BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (channel_id, target_id)
);

CREATE TABLE messages (
  id         BIGINT PRIMARY KEY,
  channel_id BIGINT NOT NULL,
  guild_id   BIGINT,
  author_id  BIGINT NOT NULL,
  content    TEXT NOT NULL,
  edited_at  BIGINT,
  nonce      TEXT,
  type       INTEGER NOT NULL DEFAULT 0,
  reply_to   BIGINT,
  pinned     INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX messages_channel ON messages (channel_id, id);
-- A retried send with the same nonce finds the first message instead of making a second.
CREATE UNIQUE INDEX messages_nonce ON messages (channel_id, author_id, nonce);

CREATE TABLE invites (
  code       TEXT PRIMARY KEY,
  guild_id   BIGINT NOT NULL,
  inviter_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,                    -- null: never
  max_uses   INTEGER NOT NULL DEFAULT 0,-- 0: unlimited
  uses       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX invites_guild ON invites (guild_id);

-- The event log: one row per committed change, written in the change's own transaction.
-- Scope says who may see it: a user, a channel, or a whole guild.
CREATE TABLE events (
  id         BIGINT PRIMARY KEY,
  type       TEXT NOT NULL,
  guild_id   BIGINT,
  channel_id BIGINT,
  user_id    BIGINT,
  payload    TEXT NOT NULL
);
