/**
 * Migration 3, the read path (ADR 0015): where each shape stream resumes. `handle` and `offset` are
 * the Electric stream's, saved in the same transaction as the rows they cover; `definition` is a
 * hash of the cloud's shape definition, so a changed definition starts from a fresh snapshot.
 */
export const sync = `
CREATE TABLE shape_state (
  name TEXT PRIMARY KEY,
  handle TEXT NOT NULL,
  "offset" TEXT NOT NULL,
  definition TEXT NOT NULL,
  updated_at INTEGER NOT NULL
) STRICT;
`;
