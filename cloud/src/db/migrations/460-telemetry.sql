-- Sensor telemetry as the hubs roll it up (issue #5, hub/src/telemetry): one row per sensor and
-- window (a quarter hour), never the raw readings. Reports and alerts read it; hubs only insert.

CREATE TABLE telemetry_rollups (
  tenant_id uuid NOT NULL,
  rollup_id uuid NOT NULL,
  library_id uuid NOT NULL,
  sensor_id text NOT NULL CHECK (length(sensor_id) BETWEEN 1 AND 64),
  kind text NOT NULL CHECK (kind IN ('occupancy', 'contact', 'motion', 'environment', 'energy')),
  window_start timestamptz NOT NULL,
  window_end timestamptz NOT NULL,
  samples integer NOT NULL CHECK (samples > 0),
  stats jsonb NOT NULL,
  PRIMARY KEY (tenant_id, rollup_id, sensor_id, kind),
  FOREIGN KEY (tenant_id, library_id) REFERENCES libraries (tenant_id, id) ON DELETE CASCADE,
  CHECK (window_start <= window_end)
);
CREATE INDEX telemetry_rollups_library ON telemetry_rollups (tenant_id, library_id, window_start);

ALTER TABLE telemetry_rollups ENABLE ROW LEVEL SECURITY;
ALTER TABLE telemetry_rollups FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON telemetry_rollups USING (tenant_id = app_tenant_id() OR app_platform())
  WITH CHECK (tenant_id = app_tenant_id() OR app_platform());
REVOKE UPDATE ON telemetry_rollups FROM studyspot_api;
