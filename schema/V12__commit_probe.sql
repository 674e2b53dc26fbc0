-- One row per node, rewritten by the readiness probe (/ready): a real commit, written to the same file or
-- server as every other, is the only honest proof that the database can take writes. After a fault the
-- probe writes `padding` (a batch's worth of bytes) so that it proves room for real writes, not just for itself.
CREATE TABLE commit_probe (
  node_id    INTEGER PRIMARY KEY,
  checked_at BIGINT NOT NULL,
  padding    TEXT NOT NULL DEFAULT ''
);
