/**
 * For write-path tests: a cloud tenant whose catalog mirrors a real hub's SQLite (same ids), as the
 * read path would have delivered it, so the hub's bookings can reference its seats and plans.
 */
import type { Database as Sqlite } from 'better-sqlite3';
import type { Database } from '../db/types.ts';
import type { HubIdentity } from './types.ts';

type Row = Record<string, unknown>;

export async function mirrorHubCatalog(db: Database, hubDb: Sqlite, slug: string): Promise<HubIdentity> {
  const all = (sql: string) => hubDb.prepare(sql).all() as Row[];
  const [lib] = all('SELECT * FROM libraries');
  if (!lib) throw new Error('the hub has no library');
  return db.platform(async (tx) => {
    const [tenant] = await tx.query<{ id: string }>(
      'INSERT INTO tenants (name, slug) VALUES ($1, $2) RETURNING id',
      [`Tenant ${slug}`, slug],
    );
    const tenantId = tenant?.id as string;
    const geo = JSON.parse(lib.geo as string) as { lat: number; lng: number };
    await tx.query(
      `INSERT INTO libraries (tenant_id, id, name, timezone, address, lat, lng, amenities, opening_hours,
         slot_minutes, policy) VALUES ($1, $2, $3, $4, $5::jsonb, $6, $7, $8, $9::jsonb, $10, $11::jsonb)`,
      [
        tenantId,
        lib.id,
        lib.name,
        lib.timezone,
        lib.address,
        geo.lat,
        geo.lng,
        JSON.parse(lib.amenities as string),
        lib.opening_hours,
        lib.slot_minutes,
        lib.policy,
      ],
    );
    for (const z of all('SELECT * FROM zones'))
      await tx.query('INSERT INTO zones (tenant_id, id, library_id, name) VALUES ($1, $2, $3, $4)', [
        tenantId,
        z.id,
        z.library_id,
        z.name,
      ]);
    for (const s of all('SELECT * FROM seats'))
      await tx.query(
        'INSERT INTO seats (tenant_id, id, library_id, zone_id, number) VALUES ($1, $2, $3, $4, $5)',
        [tenantId, s.id, s.library_id, s.zone_id, s.number],
      );
    for (const s of all('SELECT * FROM shifts'))
      await tx.query(
        'INSERT INTO shifts (tenant_id, id, library_id, name, start_time, end_time) VALUES ($1, $2, $3, $4, $5, $6)',
        [tenantId, s.id, s.library_id, s.name, s.start, s.end],
      );
    for (const p of all('SELECT * FROM plans'))
      await tx.query(
        `INSERT INTO plans (tenant_id, id, library_id, name, kind, shift_id, zone_id, price_paise, tax_rate_bp,
           duration_days) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
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
        ],
      );
    return { tenantId, libraryId: lib.id as string, hubId: crypto.randomUUID() };
  });
}
