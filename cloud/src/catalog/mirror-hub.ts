/**
 * A hub's library copied into a cloud tenant with the SAME ids, as the read path would have
 * delivered it: seats keep their lock and sensor ids, plans their prices. A real library starts in
 * the cloud and reaches its hub through sync; the demo (`npm start`, whose simulated devices are
 * provisioned against the hub seed's ids) and the write-path tests start from a hub instead.
 */
import type { Database as Sqlite } from 'better-sqlite3';
import type { Database } from '../db/types.ts';

type Row = Record<string, unknown>;
const list = (json: unknown): string[] => JSON.parse(String(json)) as string[];

export async function mirrorHubLibrary(
  db: Database,
  tenantId: string,
  hub: Sqlite,
  options: { published: boolean },
): Promise<string> {
  const all = (sql: string) => hub.prepare(sql).all() as Row[];
  const [lib] = all('SELECT * FROM libraries');
  if (!lib) throw new Error('the hub has no library to mirror');
  const geo = JSON.parse(String(lib.geo)) as { lat: number; lng: number };
  await db.platform(async (tx) => {
    await tx.query(
      `INSERT INTO libraries (tenant_id, id, name, timezone, address, lat, lng, amenities, opening_hours,
         slot_minutes, policy, published)
       VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::jsonb, $10, $11::jsonb, $12) ON CONFLICT DO NOTHING`,
      [
        tenantId,
        lib.id,
        lib.name,
        lib.timezone,
        lib.address,
        geo.lat,
        geo.lng,
        list(lib.amenities),
        lib.opening_hours,
        lib.slot_minutes,
        lib.policy,
        options.published,
      ],
    );
    for (const z of all('SELECT * FROM zones'))
      await tx.query(
        'INSERT INTO zones (tenant_id, id, library_id, name, description) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING',
        [tenantId, z.id, z.library_id, z.name, z.description ?? ''],
      );
    const seats = all('SELECT * FROM seats ORDER BY number');
    for (const [i, s] of seats.entries())
      await tx.query(
        `INSERT INTO seats (tenant_id, id, library_id, zone_id, number, type, features, status, lock_id, sensor_id,
           grid_row, grid_col) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT DO NOTHING`,
        [
          tenantId,
          s.id,
          s.library_id,
          s.zone_id,
          s.number,
          s.type,
          list(s.features),
          s.status,
          s.lock_id,
          s.sensor_id,
          Math.floor(i / 10),
          i % 10,
        ],
      );
    for (const s of all('SELECT * FROM shifts'))
      await tx.query(
        `INSERT INTO shifts (tenant_id, id, library_id, name, start_time, end_time) VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT DO NOTHING`,
        [tenantId, s.id, s.library_id, s.name, s.start, s.end],
      );
    for (const p of all('SELECT * FROM plans'))
      await tx.query(
        `INSERT INTO plans (tenant_id, id, library_id, name, kind, shift_id, zone_id, price_paise, tax_rate_bp,
           duration_days, active) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) ON CONFLICT DO NOTHING`,
        [
          tenantId,
          p.id,
          p.library_id,
          p.name,
          p.kind,
          p.shift_id,
          p.zone_id,
          p.price_paise,
          p.tax_rate_bp,
          p.duration_days,
          p.active === 1,
        ],
      );
  });
  return String(lib.id);
}
