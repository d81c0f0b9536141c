-- The student's waitlist from the phone (issue #6 "join a waitlist and accept an offer", ADR 0026).
-- The hub owns the waitlist (ARCHITECTURE §3), so the cloud asks it by command, like a cancel or a
-- payment's confirm (ADR 0022): `waitlist.join`, `waitlist.leave`, `waitlist.accept`. For these
-- kinds `booking_id` is the command's subject, the waitlist entry — for a join, the id the cloud
-- chose for the entry the hub will create — so the shape and the hub's replica keep their columns.
-- The join's payload carries the member, the zone (null: any zone) and the slot.

ALTER TABLE hub_commands DROP CONSTRAINT hub_commands_kind_check;
ALTER TABLE hub_commands ADD CONSTRAINT hub_commands_kind_check CHECK (kind IN (
  'booking.cancel', 'booking.confirm', 'waitlist.join', 'waitlist.leave', 'waitlist.accept'));
COMMENT ON COLUMN hub_commands.booking_id IS
  'The subject: the booking for booking.*, the waitlist entry for waitlist.* (ADR 0026)';

-- One pending command of each waitlist kind per entry: a repeated tap finds the first.
CREATE UNIQUE INDEX hub_commands_one_pending_waitlist ON hub_commands (tenant_id, booking_id, kind)
  WHERE kind LIKE 'waitlist.%' AND status = 'pending';
-- A student's own commands, newest first (GET /v1/me/waitlist).
CREATE INDEX hub_commands_requested_by ON hub_commands (requested_by, created_at)
  WHERE requested_by IS NOT NULL;
CREATE INDEX waitlist_entries_member ON waitlist_entries (tenant_id, member_id);

-- The student reads their own entries (through their members, like bookings: ADR 0011) and the
-- waitlist commands they asked for, in a user-scoped transaction only.
CREATE POLICY self_read ON waitlist_entries FOR SELECT USING (app_tenant_id() IS NULL AND EXISTS (
  SELECT 1 FROM members m WHERE m.tenant_id = waitlist_entries.tenant_id
     AND m.id = waitlist_entries.member_id AND m.user_id = app_user_id()));
CREATE POLICY self_read ON hub_commands FOR SELECT
  USING (app_tenant_id() IS NULL AND requested_by = app_user_id() AND kind LIKE 'waitlist.%');
-- …and the zones of libraries they are a member of, so the list can name the zone they wait for.
CREATE POLICY self_read ON zones FOR SELECT USING (app_tenant_id() IS NULL AND EXISTS (
  SELECT 1 FROM members m WHERE m.tenant_id = zones.tenant_id AND m.library_id = zones.library_id
     AND m.user_id = app_user_id()));
