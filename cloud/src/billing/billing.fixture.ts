/**
 * Rows and an app for the billing tests: a published library with a day pass (₹100 + 18 % GST)
 * and a monthly plan, a student account linked to a member, a pending booking request for a day,
 * and a test app with billing and messaging wired in (rate limits lifted for the bulk tests).
 */

import { testApp } from '../../test/support/http.ts';
import { seedLibrary, seedTenant } from '../../test/support/seed.ts';
import type { Database, Tx } from '../db/types.ts';
import type { Principal } from '../http/env.ts';
import { createMessaging, type Messaging } from '../messaging/index.ts';
import type { PaymentsLogger } from '../payments/types.ts';
import { type Billing, type BillingOptions, createBilling } from './index.ts';

export const DAY_PASS = { subtotal: 10_000, tax: 1_800, total: 11_800 };
export const MONTHLY = { subtotal: 150_000, tax: 27_000, total: 177_000 };

export interface Shop {
  tenantId: string;
  libraryId: string;
  monthlyPlanId: string;
  student: Principal;
  memberId: string;
  owner: Principal;
}

let phones = 0;
export const uniquePhone = () =>
  `+9198${String(process.pid % 1000).padStart(3, '0')}${String(++phones).padStart(5, '0')}`;

async function one<R>(tx: Tx, sql: string, params: unknown[]): Promise<R> {
  const [row] = await tx.query<R>(sql, params);
  if (!row) throw new Error(`no row: ${sql}`);
  return row;
}

/** A tenant whose library is published and sells day passes, with one student member. */
export async function seedShop(db: Database, slug: string): Promise<Shop> {
  const seeded = await seedTenant(db, slug);
  return db.platform(async (tx) => {
    await tx.query('UPDATE libraries SET published = true, name = $2 WHERE id = $1', [
      seeded.libraryId,
      'Gyan Study Hub',
    ]);
    const libraryId = seeded.libraryId;
    await tx.query(
      `INSERT INTO plans (tenant_id, library_id, name, kind, price_paise, tax_rate_bp) VALUES ($1, $2, 'Day pass', 'day_pass', 10000, 1800)`,
      [seeded.tenantId, libraryId],
    );
    const plan = await one<{ id: string }>(
      tx,
      `SELECT id FROM plans WHERE library_id = $1 AND kind = 'monthly'`,
      [libraryId],
    );
    const student = await addStudent(tx, seeded.tenantId, libraryId);
    const ownerRow = await one<{ id: string }>(
      tx,
      `INSERT INTO users (role, email, password_hash) VALUES ('owner', $1, 'x') RETURNING id`,
      [`owner-${slug}@example.test`],
    );
    return {
      tenantId: seeded.tenantId,
      libraryId,
      monthlyPlanId: plan.id,
      student: student.principal,
      memberId: student.memberId,
      owner: { userId: ownerRow.id, role: 'owner', tenantId: seeded.tenantId },
    };
  });
}

export async function addStudent(tx: Tx, tenantId: string, libraryId: string) {
  const phone = uniquePhone();
  const user = await one<{ id: string }>(
    tx,
    `INSERT INTO users (role, phone, name) VALUES ('student', $1, 'Asha') RETURNING id`,
    [phone],
  );
  const member = await one<{ id: string }>(
    tx,
    `INSERT INTO members (tenant_id, library_id, user_id, name, phone) VALUES ($1, $2, $3, 'Asha', $4) RETURNING id`,
    [tenantId, libraryId, user.id, phone],
  );
  const principal: Principal = { userId: user.id, role: 'student', tenantId: null };
  return { principal, memberId: member.id };
}

/** A pending request for a whole day starting at `startsAt` (ISO). */
export async function addRequest(
  db: Database,
  shop: Shop,
  startsAt = '2026-01-01T12:00:00Z',
): Promise<string> {
  const id = crypto.randomUUID();
  await db.tenant(shop.tenantId, (tx) =>
    tx.query(
      `INSERT INTO booking_requests (tenant_id, id, library_id, member_id, requested_by, slot, starts_at, ends_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7::timestamptz, $7::timestamptz + interval '10 hours')`,
      [
        shop.tenantId,
        id,
        shop.libraryId,
        shop.memberId,
        shop.student.userId,
        { kind: 'day', date: startsAt.slice(0, 10) },
        startsAt,
      ],
    ),
  );
  return id;
}

export interface WarnLog extends PaymentsLogger {
  warnings: { obj: object; msg: string }[];
}

export function recordingLogger(): WarnLog {
  const warnings: { obj: object; msg: string }[] = [];
  return { warnings, info: () => {}, warn: (obj, msg) => void warnings.push({ obj, msg }) };
}

export interface BillingApp extends ReturnType<typeof testApp> {
  billing: Billing;
  messaging: Messaging;
  log: WarnLog;
}

export function billingApp(db: Database, options: BillingOptions = {}): BillingApp {
  const log = recordingLogger();
  const billing = createBilling(db, log, { backoff: { baseMs: 10, maxMs: 100 }, ...options });
  const messaging = createMessaging(db, { env: {} });
  const lifted = { limit: 1_000_000, windowMs: 60_000 };
  const app = testApp(db, { billing, messaging, rateLimits: { general: lifted, booking: lifted } });
  return { ...app, billing, messaging, log };
}

export const json = (value: unknown, headers: Record<string, string>) => ({
  method: 'POST',
  headers: { 'content-type': 'application/json', ...headers },
  body: JSON.stringify(value),
});

export { seedLibrary };
