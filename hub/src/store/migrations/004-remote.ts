/**
 * Migration 4, requests and commands from the cloud (ADR 0022): the replicas of the cloud's
 * `booking_requests` (students asking from outside the library) and `hub_commands` (cancels and
 * payment confirmations on hub-owned bookings). The hub decides a `pending` row, writes its answer
 * here with a new `rev` and sends it up through the outbox; the echo of an older revision never
 * overwrites the answer (shape consumer, ADR 0015).
 */
export const remote = `
CREATE TABLE remote_requests (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  seat_id TEXT,
  zone_id TEXT,
  slot TEXT NOT NULL,
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  status TEXT NOT NULL,
  reason TEXT,
  booking_id TEXT,
  payment_status TEXT NOT NULL,
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  rev INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX remote_requests_pending ON remote_requests (created_at) WHERE status = 'pending';

CREATE TABLE hub_commands (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL,
  kind TEXT NOT NULL,
  booking_id TEXT NOT NULL,
  payload TEXT NOT NULL,
  status TEXT NOT NULL,
  code TEXT,
  created_at INTEGER NOT NULL,
  decided_at INTEGER,
  rev INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX hub_commands_pending ON hub_commands (created_at) WHERE status = 'pending';
`;
