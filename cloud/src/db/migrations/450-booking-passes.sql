-- The per-booking pass secret (ARCHITECTURE §5 "per-booking secrets are replicated", ADR 0023):
-- minted by the hub when it places a booking and sent up once with that booking's first
-- `booking.upsert`, so the student's phone can draw the rotating pass offline. Kept apart from
-- `bookings` so that no list or report query can select it by accident; readable by the tenant's
-- API transactions and, through `self_read`, by the student the booking belongs to — nobody else.

CREATE TABLE booking_passes (
  tenant_id uuid NOT NULL,
  booking_id uuid NOT NULL,
  secret text NOT NULL CHECK (length(secret) BETWEEN 16 AND 200),
  created_at timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (tenant_id, booking_id),
  FOREIGN KEY (tenant_id, booking_id) REFERENCES bookings (tenant_id, id) ON DELETE CASCADE
);

ALTER TABLE booking_passes ENABLE ROW LEVEL SECURITY;
ALTER TABLE booking_passes FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON booking_passes USING (tenant_id = app_tenant_id() OR app_platform())
  WITH CHECK (tenant_id = app_tenant_id() OR app_platform());
CREATE POLICY self_read ON booking_passes FOR SELECT USING (app_tenant_id() IS NULL AND EXISTS (
  SELECT 1 FROM bookings b JOIN members m ON m.tenant_id = b.tenant_id AND m.id = b.member_id
   WHERE b.tenant_id = booking_passes.tenant_id AND b.id = booking_passes.booking_id
     AND m.user_id = app_user_id()));
REVOKE UPDATE ON booking_passes FROM studyspot_api;
