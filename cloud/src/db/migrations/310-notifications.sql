-- Notifications (issue #4 "Notifications", ADR 0012): the outbox the worker drains, the local
-- outbox where messages of unconfigured channels land (never silently nowhere). Per-user delivery
-- preferences live on `users` (identity, 200-*). See cloud/src/notifications/outbox.ts for the
-- state machine.

-- tenant_id has no foreign key: messages that belong to no tenant (OTP codes, sent before an
-- account exists) use the nil UUID (identity's PLATFORM_TENANT_ID); the policy is the usual one.

CREATE TABLE notification_outbox (
  tenant_id uuid NOT NULL,
  id uuid NOT NULL,
  user_id uuid NOT NULL,
  channel text NOT NULL CHECK (channel IN ('sms', 'whatsapp', 'email', 'push', 'outbox')),
  content jsonb NOT NULL,
  time_zone text NOT NULL CHECK (length(time_zone) BETWEEN 1 AND 64),
  status text NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'sending', 'sent', 'dead', 'skipped')),
  attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
  next_attempt_at timestamptz NOT NULL,
  lease_until timestamptz,
  claim_token uuid,
  expires_at timestamptz,
  last_error text,
  provider text,
  provider_ref text,
  created_at timestamptz NOT NULL,
  updated_at timestamptz NOT NULL,
  -- insertion order, for stable "oldest first" among equal instants
  seq bigint GENERATED ALWAYS AS IDENTITY,
  PRIMARY KEY (tenant_id, id),
  -- the message id is the caller's idempotency key and the adapters' dedup key: unique everywhere
  UNIQUE (id)
);
CREATE INDEX notification_outbox_due ON notification_outbox (next_attempt_at, created_at)
  WHERE status = 'pending';
CREATE INDEX notification_outbox_leased ON notification_outbox (lease_until) WHERE status = 'sending';
CREATE INDEX notification_outbox_recent ON notification_outbox (created_at DESC, seq DESC);
ALTER TABLE notification_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE notification_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON notification_outbox
  USING (tenant_id = app_tenant_id() OR app_platform())
  WITH CHECK (tenant_id = app_tenant_id() OR app_platform());

-- Messages of channels without provider keys: written by the worker, read by platform admins.
-- The entry has no tenant (LocalOutboxStore's contract), so the table is platform-only.
CREATE TABLE local_outbox (
  message_id text PRIMARY KEY CHECK (length(message_id) BETWEEN 1 AND 200),
  channel text NOT NULL,
  user_id text NOT NULL,
  recipient text,
  kind text NOT NULL,
  language text NOT NULL,
  subject text NOT NULL,
  body text NOT NULL,
  at timestamptz NOT NULL,
  seq bigint GENERATED ALWAYS AS IDENTITY
);
CREATE INDEX local_outbox_recent ON local_outbox (at DESC, seq DESC);
ALTER TABLE local_outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE local_outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY platform_only ON local_outbox USING (app_platform()) WITH CHECK (app_platform());
