-- Hub pairing and fleet heartbeat (issue #5, ADR 0016): a hub row gets a one-time pairing code
-- (only its SHA-256 is stored, with an expiry); pairing binds the hub's Ed25519 public key (SPKI
-- PEM) and burns the code; unpairing sets revoked_at. The heartbeat fills the last known status.
-- `hubs` already has RLS (103-operations.sql); these columns inherit its tenant_isolation policy.

ALTER TABLE hubs
  ADD COLUMN pairing_code_hash text,
  ADD COLUMN pairing_expires_at timestamptz,
  ADD COLUMN public_key text,
  ADD COLUMN revoked_at timestamptz,
  ADD COLUMN uptime_s bigint,
  ADD COLUMN outbox_backlog integer,
  ADD COLUMN parked integer,
  ADD COLUMN shape_lag_ms bigint,
  ADD COLUMN devices_online integer,
  ADD COLUMN devices_offline integer,
  ADD COLUMN disk_free_bytes bigint;

CREATE UNIQUE INDEX hubs_pairing_code ON hubs (pairing_code_hash) WHERE pairing_code_hash IS NOT NULL;
