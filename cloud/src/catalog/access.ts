/**
 * Who may manage what: owners every library of their tenant (read and write), staff read-only
 * the libraries they work at. Everything runs in the caller's tenant transaction, so another
 * tenant's id is simply not found (404, never 403 — ADR 0009); a staff member asking for a
 * library they do not work at gets the same 404.
 */
import { DomainError } from '@studyspot/core';
import type { Tx } from '../db/types.ts';
import type { Principal } from '../http/env.ts';
import { LIBRARY_COLUMNS, type LibraryRow } from './rows.ts';

/** The tenant an owner or staff member acts for. */
export function tenantOf(principal: Principal): string {
  if (!principal.tenantId) throw new DomainError('forbidden', 'this account acts for no tenant');
  return principal.tenantId;
}

/** Staff see only their libraries; owners (null) see all of the tenant's. */
export const staffScope = (principal: Principal): readonly string[] | null =>
  principal.role === 'staff' ? (principal.libraryIds ?? []) : null;

export const notFound = (what: string, field?: string) =>
  new DomainError('not_found', `no such ${what}`, field ? { field } : {});

/** The library, if the caller may see it; else 404. */
export async function libraryFor(tx: Tx, principal: Principal, libraryId: string): Promise<LibraryRow> {
  const scope = staffScope(principal);
  if (scope && !scope.includes(libraryId)) throw notFound('library');
  const [row] = await tx.query<LibraryRow>(`SELECT ${LIBRARY_COLUMNS} FROM libraries WHERE id = $1`, [
    libraryId,
  ]);
  if (!row) throw notFound('library');
  return row;
}

/** The library id a child row (zone, shift, plan) belongs to, if the caller may see it; else 404. */
export async function parentLibrary(
  tx: Tx,
  principal: Principal,
  table: 'zones' | 'shifts' | 'plans' | 'seats',
  id: string,
): Promise<string> {
  const [row] = await tx.query<{ library_id: string }>(`SELECT library_id FROM ${table} WHERE id = $1`, [id]);
  const scope = staffScope(principal);
  if (!row || (scope && !scope.includes(row.library_id))) throw notFound(table.slice(0, -1));
  return row.library_id;
}
