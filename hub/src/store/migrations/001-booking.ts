/**
 * Migration 1, the booking domain. Instants are epoch milliseconds, money integer paise, JSON columns are TEXT.
 *
 * Replicated tables (libraries … memberships) mirror the cloud's rows; hub-owned tables (bookings,
 * waitlist, audit, devices) carry `rev`, a hub-issued monotonic counter the shape consumer uses to
 * never overwrite a newer local row with an older echo.
 */
export const booking = `
CREATE TABLE libraries (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  timezone TEXT NOT NULL,
  address TEXT NOT NULL,          -- JSON core Address
  geo TEXT NOT NULL,              -- JSON core Geo
  amenities TEXT NOT NULL,        -- JSON string[]
  opening_hours TEXT NOT NULL,    -- JSON core OpeningHours
  slot_minutes INTEGER NOT NULL,
  currency TEXT NOT NULL,
  policy TEXT NOT NULL            -- JSON core Policy
) STRICT;

CREATE TABLE zones (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  name TEXT NOT NULL,
  description TEXT NOT NULL DEFAULT ''
) STRICT;

CREATE TABLE seats (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  zone_id TEXT NOT NULL REFERENCES zones(id),
  number TEXT NOT NULL,
  type TEXT NOT NULL,
  features TEXT NOT NULL,         -- JSON string[]
  status TEXT NOT NULL CHECK (status IN ('active','out_of_service')),
  lock_id TEXT,
  sensor_id TEXT,
  UNIQUE (library_id, number)
) STRICT;

CREATE TABLE shifts (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  name TEXT NOT NULL,
  start TEXT NOT NULL,
  end TEXT NOT NULL
) STRICT;

CREATE TABLE plans (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  name TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('hourly','shift','day_pass','monthly')),
  shift_id TEXT REFERENCES shifts(id),
  zone_id TEXT REFERENCES zones(id),
  price_paise INTEGER NOT NULL CHECK (price_paise >= 0),
  tax_rate_bp INTEGER NOT NULL CHECK (tax_rate_bp BETWEEN 0 AND 10000),
  duration_days INTEGER,
  active INTEGER NOT NULL
) STRICT;

CREATE TABLE members (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  name TEXT NOT NULL,
  phone TEXT NOT NULL,
  email TEXT,
  status TEXT NOT NULL CHECK (status IN ('active','blocked')),
  created_at INTEGER NOT NULL,
  rev INTEGER NOT NULL DEFAULT 0,
  UNIQUE (library_id, phone)
) STRICT;
CREATE INDEX members_name ON members(library_id, name COLLATE NOCASE);

CREATE TABLE payments (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  plan_id TEXT REFERENCES plans(id),
  booking_id TEXT,
  method TEXT NOT NULL CHECK (method IN ('cash','razorpay','stripe','test')),
  subtotal_paise INTEGER NOT NULL,
  tax_paise INTEGER NOT NULL,
  total_paise INTEGER NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('pending','captured','refunded','failed')),
  recorded_by TEXT,
  created_at INTEGER NOT NULL,
  rev INTEGER NOT NULL DEFAULT 0
) STRICT;

CREATE TABLE memberships (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  plan_id TEXT NOT NULL REFERENCES plans(id),
  shift_id TEXT REFERENCES shifts(id),
  zone_id TEXT REFERENCES zones(id),
  starts_on TEXT NOT NULL,
  ends_on TEXT NOT NULL,
  status TEXT NOT NULL CHECK (status IN ('active','provisional','cancelled','expired')),
  payment_id TEXT REFERENCES payments(id),
  created_at INTEGER NOT NULL,
  rev INTEGER NOT NULL DEFAULT 0
) STRICT;
CREATE INDEX memberships_member ON memberships(member_id, ends_on);

CREATE TABLE bookings (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  seat_id TEXT NOT NULL REFERENCES seats(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  shift_id TEXT,
  state TEXT NOT NULL CHECK (state IN ('held','confirmed','checked_in','completed','cancelled','expired','no_show')),
  source TEXT NOT NULL,
  membership_id TEXT REFERENCES memberships(id),
  amount_paise INTEGER NOT NULL,
  tax_paise INTEGER NOT NULL,
  hold_expires_at INTEGER,
  checked_in_at INTEGER,
  checked_out_at INTEGER,
  created_at INTEGER NOT NULL,
  updated_at INTEGER NOT NULL,
  rev INTEGER NOT NULL,
  pass_secret TEXT NOT NULL,      -- base64url HMAC key of the rotating QR pass; never leaves the hub's LAN API
  CHECK (ends_at > starts_at)
) STRICT;
CREATE INDEX bookings_seat ON bookings(seat_id, starts_at);
CREATE INDEX bookings_member ON bookings(member_id, starts_at);
CREATE INDEX bookings_due ON bookings(state, starts_at);

-- [BOOK-4] second line of defence: the allocator already refuses overlaps; this makes a bug in it
-- abort the transaction instead of double-booking a seat.
CREATE TRIGGER bookings_no_overlap_insert BEFORE INSERT ON bookings
WHEN NEW.state IN ('held','confirmed','checked_in') AND EXISTS (
  SELECT 1 FROM bookings b WHERE b.seat_id = NEW.seat_id AND b.id <> NEW.id
    AND b.state IN ('held','confirmed','checked_in')
    AND b.starts_at < NEW.ends_at AND NEW.starts_at < b.ends_at)
BEGIN SELECT RAISE(ABORT, 'seat_taken'); END;

CREATE TRIGGER bookings_no_overlap_update BEFORE UPDATE OF state, seat_id, starts_at, ends_at ON bookings
WHEN NEW.state IN ('held','confirmed','checked_in') AND EXISTS (
  SELECT 1 FROM bookings b WHERE b.seat_id = NEW.seat_id AND b.id <> NEW.id
    AND b.state IN ('held','confirmed','checked_in')
    AND b.starts_at < NEW.ends_at AND NEW.starts_at < b.ends_at)
BEGIN SELECT RAISE(ABORT, 'seat_taken'); END;

CREATE TABLE waitlist (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  member_id TEXT NOT NULL REFERENCES members(id),
  zone_id TEXT REFERENCES zones(id),
  starts_at INTEGER NOT NULL,
  ends_at INTEGER NOT NULL,
  shift_id TEXT,
  slot TEXT NOT NULL,             -- JSON core SlotRequest, to place the offer's hold
  state TEXT NOT NULL CHECK (state IN ('waiting','offered','accepted','expired','left')),
  offered_seat_id TEXT REFERENCES seats(id),
  offer_expires_at INTEGER,
  booking_id TEXT REFERENCES bookings(id), -- the held booking that carries an offer
  created_at INTEGER NOT NULL,
  rev INTEGER NOT NULL
) STRICT;
CREATE INDEX waitlist_open ON waitlist(state, created_at);

CREATE TABLE staff (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  username TEXT NOT NULL UNIQUE,
  name TEXT NOT NULL,
  role TEXT NOT NULL CHECK (role IN ('staff','owner')),
  password_hash TEXT NOT NULL,
  pin_hash TEXT,
  active INTEGER NOT NULL DEFAULT 1
) STRICT;

CREATE TABLE sessions (
  token_hash TEXT PRIMARY KEY,    -- sha256 of the bearer token; the token itself is never stored
  staff_id TEXT NOT NULL REFERENCES staff(id),
  created_at INTEGER NOT NULL,
  expires_at INTEGER NOT NULL
) STRICT;

CREATE TABLE kiosk_devices (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  name TEXT NOT NULL,
  token_hash TEXT NOT NULL UNIQUE,
  created_at INTEGER NOT NULL,
  revoked_at INTEGER
) STRICT;

CREATE TABLE audit (
  id TEXT PRIMARY KEY,
  at INTEGER NOT NULL,
  actor TEXT NOT NULL,            -- staff:<id>, kiosk:<id>, system, device:<id>
  action TEXT NOT NULL,
  subject TEXT,
  detail TEXT NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX audit_at ON audit(at);

-- The write path to the cloud: every hub write appends here in the same transaction. seq orders
-- delivery; id is the UUIDv7 the cloud records for exactly-once effect.
CREATE TABLE outbox (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  id TEXT NOT NULL UNIQUE,
  kind TEXT NOT NULL,             -- e.g. booking.upsert, membership.cash, audit.append
  entity_id TEXT NOT NULL,
  payload TEXT NOT NULL,          -- JSON
  created_at INTEGER NOT NULL,
  attempts INTEGER NOT NULL DEFAULT 0,
  parked_code TEXT                -- set when the cloud rejected it; visible and retryable
) STRICT;

CREATE TABLE meta (
  key TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;
