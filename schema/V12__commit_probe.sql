-- One row per node, rewritten by the readiness probe (/ready): a real commit, written to the same file or
-- server as every other, is the only honest proof that the database can take writes.
CREATE TABLE commit_probe (
  node_id    INTEGER PRIMARY KEY,
  checked_at BIGINT NOT NULL
);
