-- Cloud-side actions on hub-owned facts (issue #5, ADR 0022): an owner or student cancels a
-- booking, a captured payment confirms a held booking. The cloud cannot change a booking itself
-- (the hub is its authority, ARCHITECTURE §3), so it writes a command; the hub receives it through
-- the `hub_commands` shape, applies it with its allocator and answers through its outbox
-- (`command.result`). A command stays `pending` — visibly — while the hub is offline.
-- `settled_at` marks the cloud's follow-up done (a refund after a cancel, or after a confirm the
-- hub could not honour).

CREATE TABLE hub_commands (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL DEFAULT gen_random_uuid(),
  library_id uuid NOT NULL,
  kind text NOT NULL CHECK (kind IN ('booking.cancel', 'booking.confirm')),
  booking_id uuid NOT NULL,
  payload jsonb NOT NULL DEFAULT '{}',
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'applied', 'rejected')),
  code text,
  requested_by uuid REFERENCES users (id) ON DELETE SET NULL,
  created_at timestamptz NOT NULL DEFAULT now(),
  decided_at timestamptz,
  settled_at timestamptz,
  rev bigint NOT NULL DEFAULT 0,
  PRIMARY KEY (tenant_id, id),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  CHECK ((status = 'rejected') = (code IS NOT NULL))
);
CREATE INDEX hub_commands_library ON hub_commands (tenant_id, library_id, created_at);
-- One confirm per booking, and one pending cancel: a second request finds the first.
CREATE UNIQUE INDEX hub_commands_one_confirm ON hub_commands (tenant_id, booking_id)
  WHERE kind = 'booking.confirm';
CREATE UNIQUE INDEX hub_commands_one_pending_cancel ON hub_commands (tenant_id, booking_id)
  WHERE kind = 'booking.cancel' AND status = 'pending';
CREATE INDEX hub_commands_unsettled ON hub_commands (created_at)
  WHERE settled_at IS NULL AND status <> 'pending';

ALTER TABLE hub_commands ENABLE ROW LEVEL SECURITY;
ALTER TABLE hub_commands FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON hub_commands USING (tenant_id = app_tenant_id() OR app_platform())
  WITH CHECK (tenant_id = app_tenant_id() OR app_platform());

CREATE TRIGGER sync_log AFTER INSERT OR UPDATE OR DELETE ON hub_commands
  FOR EACH ROW EXECUTE FUNCTION sync_log_change();
