/**
 * Migration 2, MQTT devices: one row per device credential the embedded broker accepts. The secret is
 * stored only as an scrypt hash; `online`, `last_seen` and `state` (the last retained state payload,
 * JSON) are written by the broker as devices come and go, so the hub and the CLI can show them.
 */
export const devices = `
CREATE TABLE devices (
  id TEXT PRIMARY KEY,
  library_id TEXT NOT NULL REFERENCES libraries(id),
  kind TEXT NOT NULL CHECK (kind IN ('lock','seat_sensor','env_sensor','energy_meter','qr_reader')),
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,      -- scrypt$N$r$p$salt$hash, base64url; the secret is shown once
  created_at INTEGER NOT NULL,
  last_seen INTEGER,
  online INTEGER NOT NULL DEFAULT 0 CHECK (online IN (0,1)),
  state TEXT,                     -- JSON core DeviceState, the last retained state
  revoked_at INTEGER
) STRICT;
CREATE INDEX devices_library ON devices(library_id, kind);
`;
