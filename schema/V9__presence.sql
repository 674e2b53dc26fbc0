-- The status a user chose and their custom status: the only part of presence that is stored.
-- Being online is not: that lives in the presence verticles' memory, from open streams.
CREATE TABLE user_presence (
  user_id      BIGINT PRIMARY KEY REFERENCES users (id) ON DELETE CASCADE,
  status       TEXT NOT NULL DEFAULT 'online', -- online | idle | dnd | invisible
  custom_text  TEXT,
  custom_emoji TEXT
);
