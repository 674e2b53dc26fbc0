-- Deletes cascade in the database, in one place, instead of in hand-written DELETEs in each store:
-- every child table gets a foreign key to its parent with ON DELETE CASCADE.
--
-- SQLite cannot add a constraint to an existing table, so each child table is rebuilt: a new table
-- with the keys, its rows copied (rows whose parent is already gone, left by old bugs or races, are
-- dropped: they could not be inserted under the new keys), the old table dropped, the new one renamed,
-- and its indexes made again under their old names. The same text runs on PostgreSQL.
--
-- Order matters on PostgreSQL, which refuses to drop a table that another table's key references: the
-- rebuilds go parent first, child last, so when a table is dropped no key points at it yet; every key
-- names the final table name, which by then is the rebuilt parent. (On SQLite the application runs
-- migrations with foreign keys off, as SQLite advises for table rebuilds, and checks them afterwards.)
--
-- Deliberately without a foreign key:
--   events           the log outlives what it describes;
--   messages.reply_to a reply survives its original: it keeps message_reference.message_id, and its
--                     referenced_message becomes null (Discord's "original message was deleted");
--   overwrites.target_id is a role or a member by type: the role's overwrites are deleted by RoleStore.
-- channels.parent_id is ON DELETE SET NULL: a deleted category's channels stay, at the top level
-- (ChannelStore still reads them first, to send their CHANNEL_UPDATE).

-- ---- tokens -> users
CREATE TABLE tokens_new (
  token_hash TEXT PRIMARY KEY,
  user_id    BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  CONSTRAINT tokens_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
INSERT INTO tokens_new (token_hash, user_id, created_at)
  SELECT token_hash, user_id, created_at FROM tokens
  WHERE user_id IN (SELECT id FROM users);
DROP TABLE tokens;
ALTER TABLE tokens_new RENAME TO tokens;
CREATE INDEX tokens_user ON tokens (user_id);

-- ---- roles -> guilds
CREATE TABLE roles_new (
  id          BIGINT PRIMARY KEY,
  guild_id    BIGINT NOT NULL,
  name        TEXT NOT NULL,
  color       INTEGER NOT NULL DEFAULT 0,
  permissions BIGINT NOT NULL DEFAULT 0,
  position    INTEGER NOT NULL DEFAULT 0,
  hoist       INTEGER NOT NULL DEFAULT 0,
  mentionable INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT roles_guild_fk FOREIGN KEY (guild_id) REFERENCES guilds (id) ON DELETE CASCADE
);
INSERT INTO roles_new (id, guild_id, name, color, permissions, position, hoist, mentionable)
  SELECT id, guild_id, name, color, permissions, position, hoist, mentionable FROM roles
  WHERE guild_id IN (SELECT id FROM guilds);
DROP TABLE roles;
ALTER TABLE roles_new RENAME TO roles;
CREATE INDEX roles_guild ON roles (guild_id);

-- ---- members -> guilds, users
CREATE TABLE members_new (
  guild_id  BIGINT NOT NULL,
  user_id   BIGINT NOT NULL,
  nick      TEXT,
  joined_at BIGINT NOT NULL,
  communication_disabled_until BIGINT,
  PRIMARY KEY (guild_id, user_id),
  CONSTRAINT members_guild_fk FOREIGN KEY (guild_id) REFERENCES guilds (id) ON DELETE CASCADE,
  CONSTRAINT members_user_fk FOREIGN KEY (user_id) REFERENCES users (id) ON DELETE CASCADE
);
INSERT INTO members_new (guild_id, user_id, nick, joined_at, communication_disabled_until)
  SELECT guild_id, user_id, nick, joined_at, communication_disabled_until FROM members
  WHERE guild_id IN (SELECT id FROM guilds) AND user_id IN (SELECT id FROM users);
DROP TABLE members;
ALTER TABLE members_new RENAME TO members;
CREATE INDEX members_user ON members (user_id);

-- ---- member_roles -> members, roles
CREATE TABLE member_roles_new (
  guild_id BIGINT NOT NULL,
  user_id  BIGINT NOT NULL,
  role_id  BIGINT NOT NULL,
  PRIMARY KEY (guild_id, user_id, role_id),
  CONSTRAINT member_roles_member_fk FOREIGN KEY (guild_id, user_id) REFERENCES members (guild_id, user_id) ON DELETE CASCADE,
  CONSTRAINT member_roles_role_fk FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE CASCADE
);
INSERT INTO member_roles_new (guild_id, user_id, role_id)
  SELECT mr.guild_id, mr.user_id, mr.role_id FROM member_roles mr
  WHERE EXISTS (SELECT 1 FROM members m WHERE m.guild_id = mr.guild_id AND m.user_id = mr.user_id)
    AND mr.role_id IN (SELECT id FROM roles);
DROP TABLE member_roles;
ALTER TABLE member_roles_new RENAME TO member_roles;
-- New: deleting a role (or, through it, a guild) finds the role's member rows without a full scan.
CREATE INDEX member_roles_role ON member_roles (role_id);

-- ---- channels -> guilds (null for direct messages), parent category (SET NULL)
-- The self-reference names channels_new: on PostgreSQL it must name the table being made (the old
-- channels is about to be dropped); SQLite's RENAME rewrites it to channels.
CREATE TABLE channels_new (
  id              BIGINT PRIMARY KEY,
  guild_id        BIGINT,
  type            INTEGER NOT NULL,
  name            TEXT,
  topic           TEXT,
  position        INTEGER NOT NULL DEFAULT 0,
  parent_id       BIGINT,
  created_at      BIGINT NOT NULL,
  CONSTRAINT channels_guild_fk FOREIGN KEY (guild_id) REFERENCES guilds (id) ON DELETE CASCADE,
  CONSTRAINT channels_parent_fk FOREIGN KEY (parent_id) REFERENCES channels_new (id) ON DELETE SET NULL
);
INSERT INTO channels_new (id, guild_id, type, name, topic, position, parent_id, created_at)
  SELECT c.id, c.guild_id, c.type, c.name, c.topic, c.position,
         CASE WHEN c.parent_id IN (SELECT p.id FROM channels p WHERE p.guild_id IS NULL OR p.guild_id IN (SELECT id FROM guilds))
              THEN c.parent_id END,
         c.created_at
  FROM channels c
  WHERE c.guild_id IS NULL OR c.guild_id IN (SELECT id FROM guilds);
DROP TABLE channels;
ALTER TABLE channels_new RENAME TO channels;
CREATE INDEX channels_guild ON channels (guild_id);
-- New: deleting a channel looks for the channels whose parent it was (the SET NULL above).
CREATE INDEX channels_parent ON channels (parent_id);

-- ---- overwrites -> channels
CREATE TABLE overwrites_new (
  channel_id BIGINT NOT NULL,
  target_id  BIGINT NOT NULL,
  type       INTEGER NOT NULL,
  allow_bits BIGINT NOT NULL DEFAULT 0,
  deny_bits  BIGINT NOT NULL DEFAULT 0,
  PRIMARY KEY (channel_id, target_id),
  CONSTRAINT overwrites_channel_fk FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE
);
INSERT INTO overwrites_new (channel_id, target_id, type, allow_bits, deny_bits)
  SELECT channel_id, target_id, type, allow_bits, deny_bits FROM overwrites
  WHERE channel_id IN (SELECT id FROM channels);
DROP TABLE overwrites;
ALTER TABLE overwrites_new RENAME TO overwrites;

-- ---- messages -> channels (reply_to: no key, see above)
CREATE TABLE messages_new (
  id         BIGINT PRIMARY KEY,
  channel_id BIGINT NOT NULL,
  guild_id   BIGINT,
  author_id  BIGINT NOT NULL,
  content    TEXT NOT NULL,
  edited_at  BIGINT,
  nonce      TEXT,
  type       INTEGER NOT NULL DEFAULT 0,
  reply_to   BIGINT,
  pinned     INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT messages_channel_fk FOREIGN KEY (channel_id) REFERENCES channels (id) ON DELETE CASCADE
);
INSERT INTO messages_new (id, channel_id, guild_id, author_id, content, edited_at, nonce, type, reply_to, pinned)
  SELECT id, channel_id, guild_id, author_id, content, edited_at, nonce, type, reply_to, pinned FROM messages
  WHERE channel_id IN (SELECT id FROM channels);
DROP TABLE messages;
ALTER TABLE messages_new RENAME TO messages;
CREATE INDEX messages_channel ON messages (channel_id, id);
CREATE UNIQUE INDEX messages_nonce ON messages (channel_id, author_id, nonce);

-- ---- reactions -> messages
CREATE TABLE reactions_new (
  message_id BIGINT NOT NULL,
  user_id    BIGINT NOT NULL,
  emoji      TEXT NOT NULL,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (message_id, user_id, emoji),
  CONSTRAINT reactions_message_fk FOREIGN KEY (message_id) REFERENCES messages (id) ON DELETE CASCADE
);
INSERT INTO reactions_new (message_id, user_id, emoji, created_at)
  SELECT message_id, user_id, emoji, created_at FROM reactions
  WHERE message_id IN (SELECT id FROM messages);
DROP TABLE reactions;
ALTER TABLE reactions_new RENAME TO reactions;
CREATE INDEX reactions_message ON reactions (message_id);

-- ---- invites -> guilds
CREATE TABLE invites_new (
  code       TEXT PRIMARY KEY,
  guild_id   BIGINT NOT NULL,
  inviter_id BIGINT NOT NULL,
  created_at BIGINT NOT NULL,
  expires_at BIGINT,
  max_uses   INTEGER NOT NULL DEFAULT 0,
  uses       INTEGER NOT NULL DEFAULT 0,
  CONSTRAINT invites_guild_fk FOREIGN KEY (guild_id) REFERENCES guilds (id) ON DELETE CASCADE
);
INSERT INTO invites_new (code, guild_id, inviter_id, created_at, expires_at, max_uses, uses)
  SELECT code, guild_id, inviter_id, created_at, expires_at, max_uses, uses FROM invites
  WHERE guild_id IN (SELECT id FROM guilds);
DROP TABLE invites;
ALTER TABLE invites_new RENAME TO invites;
CREATE INDEX invites_guild ON invites (guild_id);

-- ---- bans -> guilds
CREATE TABLE bans_new (
  guild_id   BIGINT NOT NULL,
  user_id    BIGINT NOT NULL,
  reason     TEXT,
  created_at BIGINT NOT NULL,
  PRIMARY KEY (guild_id, user_id),
  CONSTRAINT bans_guild_fk FOREIGN KEY (guild_id) REFERENCES guilds (id) ON DELETE CASCADE
);
INSERT INTO bans_new (guild_id, user_id, reason, created_at)
  SELECT guild_id, user_id, reason, created_at FROM bans
  WHERE guild_id IN (SELECT id FROM guilds);
DROP TABLE bans;
ALTER TABLE bans_new RENAME TO bans;
