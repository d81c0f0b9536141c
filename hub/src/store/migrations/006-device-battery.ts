/**
 * Migration 6, device batteries: the last battery level a lock or sensor reported (in its retained
 * state or its telemetry) and when, so the staff dashboard and the CLI can show a sensor that is
 * about to die before it goes silent. Written only when the level changes.
 */
export const deviceBattery = `
ALTER TABLE devices ADD COLUMN battery_pct INTEGER CHECK (battery_pct BETWEEN 0 AND 100);
ALTER TABLE devices ADD COLUMN battery_at INTEGER;
`;
