-- Facts whose authority is the hub (ARCHITECTURE §3), mirrored here: memberships, bookings, and
-- the students' remote booking requests the hub decides. `rev` is the hub-issued revision; an
-- older echo never overwrites a newer row (the sync issue enforces it on write).

CREATE TABLE memberships (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  member_id uuid NOT NULL,
  plan_id uuid NOT NULL,
  shift_id uuid,
  zone_id uuid,
  starts_on date NOT NULL,
  ends_on date NOT NULL,
  status text NOT NULL CHECK (status IN ('active', 'provisional', 'cancelled', 'expired')),
  created_at timestamptz NOT NULL DEFAULT now(),
  rev bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
  FOREIGN KEY (tenant_id, plan_id) REFERENCES plans (tenant_id, id),
  FOREIGN KEY (tenant_id, shift_id) REFERENCES shifts (tenant_id, id),
  FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id),
  CHECK (starts_on <= ends_on)
);
CREATE INDEX memberships_member ON memberships (tenant_id, member_id);

CREATE TABLE bookings (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  library_id uuid NOT NULL,
  seat_id uuid NOT NULL,
  member_id uuid NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  shift_id uuid,
  state text NOT NULL
    CHECK (state IN ('held', 'confirmed', 'checked_in', 'completed', 'cancelled', 'expired', 'no_show')),
  source text NOT NULL CHECK (source IN ('kiosk', 'staff', 'remote', 'waitlist')),
  membership_id uuid,
  amount_paise bigint NOT NULL DEFAULT 0 CHECK (amount_paise >= 0),
  tax_paise bigint NOT NULL DEFAULT 0 CHECK (tax_paise >= 0),
  hold_expires_at timestamptz,
  checked_in_at timestamptz,
  checked_out_at timestamptz,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  rev bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, library_id, seat_id) REFERENCES seats (tenant_id, library_id, id),
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
  FOREIGN KEY (tenant_id, shift_id) REFERENCES shifts (tenant_id, id),
  FOREIGN KEY (tenant_id, membership_id) REFERENCES memberships (tenant_id, id),
  CHECK (starts_at < ends_at),
  -- [BOOK-4] a seat has at most one active booking in any instant: the hub decides, this is the
  -- last line of defence behind it (half-open ranges, so back-to-back bookings do not overlap).
  CONSTRAINT bookings_no_overlap EXCLUDE USING gist (
    tenant_id WITH =, seat_id WITH =, tstzrange(starts_at, ends_at) WITH &&
  ) WHERE (state IN ('held', 'confirmed', 'checked_in'))
);
CREATE INDEX bookings_member ON bookings (tenant_id, member_id, starts_at);
CREATE INDEX bookings_library_time ON bookings (tenant_id, library_id, starts_at);

-- A student's request from outside the library; the hub answers it (accepted with a booking, or
-- rejected with a domain code). Until a hub syncs, requests stay pending.
CREATE TABLE booking_requests (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  library_id uuid NOT NULL,
  member_id uuid NOT NULL,
  requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
  seat_id uuid,
  zone_id uuid,
  slot jsonb NOT NULL,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  status text NOT NULL DEFAULT 'pending'
    CHECK (status IN ('pending', 'accepted', 'rejected', 'cancelled', 'expired')),
  reason text,
  booking_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  rev bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
  FOREIGN KEY (tenant_id, library_id, seat_id) REFERENCES seats (tenant_id, library_id, id),
  FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id),
  FOREIGN KEY (tenant_id, booking_id) REFERENCES bookings (tenant_id, id),
  CHECK (starts_at < ends_at),
  CHECK ((status = 'accepted') = (booking_id IS NOT NULL))
);
CREATE INDEX booking_requests_pending ON booking_requests (tenant_id, library_id, created_at)
  WHERE status = 'pending';
CREATE INDEX booking_requests_member ON booking_requests (tenant_id, member_id, created_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['memberships', 'bookings', 'booking_requests'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id() OR app_platform())'
      ' WITH CHECK (tenant_id = app_tenant_id() OR app_platform())', t);
  END LOOP;
END $$;
