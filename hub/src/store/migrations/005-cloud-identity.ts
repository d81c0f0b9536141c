/**
 * Migration 5, the cloud's staff, keys and payments on the hub (ADR 0024).
 *
 * - `staff.user_id`: the cloud account of a row that arrives through the `staff` shape (username =
 *   the account's email). NULL marks a local account made with `studyspot-hub staff add`; the shape
 *   never touches those. `pin_hash` stays hub-local for both kinds, so a desk PIN survives re-syncs.
 * - Sessions end with the account: when its row is disabled, its password changes or it is deleted
 *   (the shape deletes the row of someone removed from this library). A trigger does it so that no
 *   writer — the shape consumer, the CLI — can forget, and so the FK from `sessions` never blocks
 *   the delete.
 * - `members.user_id`: the student's cloud account, to map a cloud access token to its member. The
 *   members shape is re-read from a snapshot once so that existing rows get it.
 * - `cloud_signing_keys`: the public JWKs a cloud access token is verified against, offline.
 * - `cloud_payments`: the cloud's online payments of this library (status and amounts only), so a
 *   booking shows as paid online; `payments` stays the hub's own cash ledger.
 */
export const cloudIdentity = `
ALTER TABLE staff ADD COLUMN user_id TEXT;
CREATE UNIQUE INDEX staff_user ON staff(user_id) WHERE user_id IS NOT NULL;

CREATE TRIGGER staff_sessions_end_disabled AFTER UPDATE OF active ON staff WHEN NEW.active = 0
BEGIN DELETE FROM sessions WHERE staff_id = NEW.id; END;
CREATE TRIGGER staff_sessions_end_password AFTER UPDATE OF password_hash ON staff
WHEN NEW.password_hash IS NOT OLD.password_hash
BEGIN DELETE FROM sessions WHERE staff_id = NEW.id; END;
CREATE TRIGGER staff_sessions_end_deleted BEFORE DELETE ON staff
BEGIN DELETE FROM sessions WHERE staff_id = OLD.id; END;

ALTER TABLE members ADD COLUMN user_id TEXT;
CREATE INDEX members_user ON members(user_id) WHERE user_id IS NOT NULL;
DELETE FROM shape_state WHERE name = 'members';

CREATE TABLE cloud_signing_keys (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL,
  kid TEXT NOT NULL UNIQUE,
  public_jwk TEXT NOT NULL,       -- JSON: kty, n, e, kid, alg, use — public members only
  status TEXT NOT NULL CHECK (status IN ('active','verify')),
  created_at INTEGER NOT NULL
) STRICT;

CREATE TABLE cloud_payments (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL,
  member_id TEXT NOT NULL,
  purpose TEXT NOT NULL,
  booking_request_id TEXT,
  booking_id TEXT,
  amount_paise INTEGER NOT NULL,
  refunded_paise INTEGER NOT NULL,
  provider TEXT NOT NULL,
  status TEXT NOT NULL,
  captured_at INTEGER,
  updated_at INTEGER NOT NULL
) STRICT;
CREATE INDEX cloud_payments_booking ON cloud_payments(booking_id) WHERE booking_id IS NOT NULL;
CREATE INDEX cloud_payments_request ON cloud_payments(booking_request_id) WHERE booking_request_id IS NOT NULL;
`;
