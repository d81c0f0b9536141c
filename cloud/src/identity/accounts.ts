/**
 * Global accounts (`users`) and who they act for. Accounts are written only in platform
 * transactions (ADR 0009); every function here takes the caller's platform `Tx`. The principal of
 * a sign-in is recomputed from these rows on every refresh, so a disabled account, a removed staff
 * member or a suspended tenant loses access within one access-token lifetime.
 */
import type { Tx } from '../db/types.ts';
import type { Principal, Role } from '../http/env.ts';

interface AccountRow {
  id: string;
  role: Role;
  status: 'active' | 'disabled';
  password_hash: string | null;
}

interface SeatRow {
  tenant_id: string;
  role: 'staff' | 'owner';
}

/** What a phone sign-in finds: a student account (new or old), or an account that may not use OTP. */
export type StudentSignIn = { kind: 'student'; userId: string } | { kind: 'refused'; reason: string };

export async function findOrCreateStudent(tx: Tx, phone: string): Promise<StudentSignIn> {
  await tx.query(`INSERT INTO users (role, phone) VALUES ('student', $1) ON CONFLICT (phone) DO NOTHING`, [
    phone,
  ]);
  const [row] = await tx.query<AccountRow>(
    'SELECT id, role, status, password_hash FROM users WHERE phone = $1',
    [phone],
  );
  if (!row) throw new Error('the account vanished during sign-in');
  if (row.status !== 'active') return { kind: 'refused', reason: 'this account is disabled' };
  if (row.role !== 'student')
    return { kind: 'refused', reason: 'this account signs in with email and password' };
  return { kind: 'student', userId: row.id };
}

/** The account a password sign-in names, if it has a password. */
export async function accountByEmail(tx: Tx, email: string): Promise<AccountRow | null> {
  const [row] = await tx.query<AccountRow>(
    'SELECT id, role, status, password_hash FROM users WHERE email = $1 AND password_hash IS NOT NULL',
    [email.toLowerCase()],
  );
  return row ?? null;
}

/** The tenants a staff or owner account works for, in active tenants only. */
async function seatsOf(tx: Tx, userId: string): Promise<SeatRow[]> {
  return tx.query<SeatRow>(
    `SELECT tu.tenant_id, tu.role FROM tenant_users tu JOIN tenants t ON t.id = tu.tenant_id
      WHERE tu.user_id = $1 AND t.status = 'active' ORDER BY tu.created_at, tu.tenant_id`,
    [userId],
  );
}

export type Resolution =
  | { kind: 'ok'; principal: Principal }
  | { kind: 'choose_tenant'; tenantIds: string[] }
  | { kind: 'denied' };

/**
 * The principal `userId` acts as, now. Staff and owners act for one tenant: `tenantId` picks it,
 * and may be omitted when they work for exactly one.
 */
export async function resolvePrincipal(tx: Tx, userId: string, tenantId: string | null): Promise<Resolution> {
  const [user] = await tx.query<AccountRow>(
    'SELECT id, role, status, password_hash FROM users WHERE id = $1',
    [userId],
  );
  if (user?.status !== 'active') return { kind: 'denied' };
  if (user.role === 'student' || user.role === 'platform_admin')
    return { kind: 'ok', principal: { userId, role: user.role, tenantId: null } };
  const seats = await seatsOf(tx, userId);
  const seat = tenantId
    ? seats.find((s) => s.tenant_id === tenantId)
    : seats.length === 1
      ? seats[0]
      : undefined;
  if (!seat) {
    return !tenantId && seats.length > 1
      ? { kind: 'choose_tenant', tenantIds: seats.map((s) => s.tenant_id) }
      : { kind: 'denied' };
  }
  const principal: Principal = { userId, role: seat.role, tenantId: seat.tenant_id };
  if (seat.role === 'staff') {
    const libraries = await tx.query<{ library_id: string }>(
      'SELECT library_id FROM staff_libraries WHERE tenant_id = $1 AND user_id = $2 ORDER BY library_id',
      [seat.tenant_id, userId],
    );
    principal.libraryIds = libraries.map((row) => row.library_id);
  }
  return { kind: 'ok', principal };
}

/**
 * Creates the platform admin from ADMIN_EMAIL/ADMIN_PASSWORD when there is none. False when one
 * exists already; throws when the email belongs to another kind of account.
 */
export async function ensurePlatformAdmin(tx: Tx, email: string, passwordHash: string): Promise<boolean> {
  const existing = await tx.query(`SELECT 1 FROM users WHERE role = 'platform_admin' LIMIT 1`);
  if (existing.length > 0) return false;
  const inserted = await tx.query(
    `INSERT INTO users (role, name, email, password_hash) VALUES ('platform_admin', 'Platform admin', $1, $2)
     ON CONFLICT (email) DO NOTHING RETURNING id`,
    [email.toLowerCase(), passwordHash],
  );
  if (inserted.length === 0) throw new Error(`ADMIN_EMAIL ${email} already belongs to another account`);
  return true;
}
