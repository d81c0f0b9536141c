-- The hub write path (issue #5, ADR 0014): the ids of the hub mutations applied, recorded in the
-- same transaction as their effect so a redelivery is a no-op that answers the same result, and
-- the waitlist entries the hubs decide (mirrored here like bookings; `rev` guards the upsert).

CREATE TABLE hub_mutations (
  tenant_id uuid NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
  id uuid NOT NULL,
  hub_id uuid NOT NULL,
  library_id uuid NOT NULL,
  kind text NOT NULL CHECK (length(kind) BETWEEN 1 AND 40),
  entity_id text NOT NULL CHECK (length(entity_id) BETWEEN 1 AND 200),
  txid bigint NOT NULL,
  applied_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, id)
);
CREATE INDEX hub_mutations_applied ON hub_mutations (tenant_id, hub_id, applied_at);

CREATE TABLE waitlist_entries (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  library_id uuid NOT NULL,
  member_id uuid NOT NULL,
  zone_id uuid,
  starts_at timestamptz NOT NULL,
  ends_at timestamptz NOT NULL,
  shift_id uuid,
  state text NOT NULL CHECK (state IN ('waiting', 'offered', 'accepted', 'expired', 'left')),
  offered_seat_id uuid,
  offer_expires_at timestamptz,
  booking_id uuid,
  created_at timestamptz NOT NULL DEFAULT now(),
  updated_at timestamptz NOT NULL DEFAULT now(),
  rev bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  FOREIGN KEY (tenant_id, member_id) REFERENCES members (tenant_id, id),
  FOREIGN KEY (tenant_id, zone_id) REFERENCES zones (tenant_id, id),
  CHECK (starts_at < ends_at)
);
CREATE INDEX waitlist_entries_library ON waitlist_entries (tenant_id, library_id, starts_at);

DO $$
DECLARE t text;
BEGIN
  FOREACH t IN ARRAY ARRAY['hub_mutations', 'waitlist_entries'] LOOP
    EXECUTE format('ALTER TABLE %I ENABLE ROW LEVEL SECURITY', t);
    EXECUTE format('ALTER TABLE %I FORCE ROW LEVEL SECURITY', t);
    EXECUTE format('CREATE POLICY tenant_isolation ON %I USING (tenant_id = app_tenant_id() OR app_platform())'
      ' WITH CHECK (tenant_id = app_tenant_id() OR app_platform())', t);
  END LOOP;
END $$;
REVOKE UPDATE ON hub_mutations FROM studyspot_api;
