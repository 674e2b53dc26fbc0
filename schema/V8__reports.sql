-- Reports of messages, and the moderation queue they make.
--
-- A report keeps its own copy of what was reported (content, author): the message may later be edited
-- or deleted, and the moderators still judge what was said. So channel_id and message_id carry no
-- foreign key (a report outlives its message and its channel); the guild, the reporter and the author
-- do, with ON DELETE CASCADE like V5: a deleted guild takes its queue with it.
CREATE TABLE reports (
  id          BIGINT PRIMARY KEY,
  guild_id    BIGINT NOT NULL,
  channel_id  BIGINT NOT NULL,
  message_id  BIGINT NOT NULL,
  reporter_id BIGINT NOT NULL,
  author_id   BIGINT NOT NULL,
  reason      TEXT NOT NULL,
  details     TEXT,
  content     TEXT NOT NULL,
  status      TEXT NOT NULL DEFAULT 'open',
  created_at  BIGINT NOT NULL,
  resolved_by BIGINT,
  resolved_at BIGINT,
  action      TEXT,
  note        TEXT,
  CONSTRAINT reports_guild_fk FOREIGN KEY (guild_id) REFERENCES guilds (id) ON DELETE CASCADE,
  CONSTRAINT reports_reporter_fk FOREIGN KEY (reporter_id) REFERENCES users (id) ON DELETE CASCADE,
  CONSTRAINT reports_author_fk FOREIGN KEY (author_id) REFERENCES users (id) ON DELETE CASCADE
);
-- Once per user per message: a second report is a conflict.
CREATE UNIQUE INDEX reports_once ON reports (message_id, reporter_id);
CREATE INDEX reports_queue ON reports (guild_id, status, id);
