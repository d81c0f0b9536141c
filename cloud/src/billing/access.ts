/**
 * Who may touch a payment. Staff and owners act in their tenant's transaction (another tenant's
 * payment is simply not found — 404); staff only for the libraries they work at. A student acts
 * for no tenant: the tenant of a library comes from its published row (an anonymous read), and
 * the tenant of a student's own payment from a platform read filtered by the student's account —
 * the one narrow cross-tenant lookup, equivalent to a user-scoped policy (ADR 0012).
 */
import { DomainError } from '@studyspot/core';
import type { Database } from '../db/types.ts';
import type { Principal } from '../http/env.ts';

export const notFound = (what: string) => new DomainError('not_found', `no such ${what}`);

/** The tenant of a staff member or owner, checking a staff member works at `libraryId`. */
export function staffTenant(principal: Principal, libraryId?: string): string {
  if (!principal.tenantId) throw new DomainError('forbidden', 'this account acts for no tenant');
  if (principal.role === 'staff' && libraryId && !(principal.libraryIds ?? []).includes(libraryId)) {
    throw notFound('library');
  }
  return principal.tenantId;
}

/** The tenant of a published library (students pay only where they can book). */
export async function tenantOfLibrary(db: Database, libraryId: string): Promise<string> {
  const [row] = await db.anonymous((tx) =>
    tx.query<{ tenant_id: string }>('SELECT tenant_id FROM libraries WHERE id = $1', [libraryId]),
  );
  if (!row) throw notFound('library');
  return row.tenant_id;
}

/** Where a payment is, for the caller: staff/owner → their tenant; student → only their own payment. */
export async function locatePayment(db: Database, principal: Principal, paymentId: string): Promise<string> {
  if (principal.role !== 'student') {
    const tenantId = staffTenant(principal);
    const [row] = await db.tenant(tenantId, (tx) =>
      tx.query<{ library_id: string }>('SELECT library_id FROM payments WHERE id = $1', [paymentId]),
    );
    if (!row) throw notFound('payment');
    staffTenant(principal, row.library_id);
    return tenantId;
  }
  const [row] = await db.platform((tx) =>
    tx.query<{ tenant_id: string }>('SELECT tenant_id FROM payments WHERE id = $1 AND user_id = $2', [
      paymentId,
      principal.userId,
    ]),
  );
  if (!row) throw notFound('payment');
  return row.tenant_id;
}
